import type { Generated } from 'kysely';

export type AnswerStatus = 'draft' | 'approved';

/** What an author writes of an answer: the same fields in the form, the table and the pages. */
export interface AnswerFields {
  topic: string;
  language: 'nl' | 'en';
  title: string;
  body: string;
  sources: string;
  owner: string;
  review_date: string;
  /** The state of the law the answer describes (YYYY-MM-DD), shown to the reader; null on an answer from before 0028. */
  law_date: string | null;
  /** 1 when the answer rests on a rule the domain reference marks uncertain: reviewed after 3 months, not 12. */
  uncertain: number;
  /** migrations/0028: what "Insert and apply" sets besides the answer's topic (null: the topic's queue / no status). */
  macro_queue: string | null;
  macro_status: string | null;
}

/** migrations/0009_routing.sql: one answer of the library, in one language. */
interface AnswerTable extends AnswerFields {
  id: Generated<number>;
  status: Generated<AnswerStatus>;
  approved_by: number | null;
  approved_at: string | null;
  use_count: Generated<number>;
  version: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
interface AnswerUseTable {
  id: Generated<number>;
  answer_id: number;
  contact_id: number | null;
  user_id: number | null;
  at: string;
}
interface RoutingCorrectionTable {
  id: Generated<number>;
  contact_id: number;
  at: string;
  user_id: number | null;
  lexicon_version: string;
  suggested_queue: string;
  suggested_topics: string;
  suggested_urgent: number;
  chosen_queue: string;
  chosen_topics: string;
}
/** migrations/0012_routing_applied.sql: a contact's latest routing suggestion, and whether an agent routed it. */
interface ContactRoutingTable {
  contact_id: number;
  topics: string;
  queue: string;
  urgent: number;
  minor: number;
  lexicon_version: string;
  at: string;
  source: 'email' | 'voicemail' | 'manual' | 'note' | 'call';
  routed_by_agent: Generated<number>;
  routed_by: number | null;
  routed_at: string | null;
}

/** migrations/0029_routing_models.sql: a trained model (JSON of model.ts's RoutingModel). */
interface RoutingModelTable {
  id: Generated<number>;
  trained_at: string;
  labelled: number;
  corrections: number;
  model: string;
}

export interface RoutingTables {
  routing_models: RoutingModelTable;
  contact_routing: ContactRoutingTable;
  answers: AnswerTable;
  answer_uses: AnswerUseTable;
  routing_corrections: RoutingCorrectionTable;
}
