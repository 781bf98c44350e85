import type { Child } from 'hono/jsx';

export type FieldErrors = Record<string, string | undefined>;

/** A labelled field with its error message next to it (aria-describedby), for every form in Baken. */
export function Field(props: { id: string; label: string; error?: string; hint?: string; children: Child }) {
  const describedBy =
    [props.error ? `${props.id}-error` : '', props.hint ? `${props.id}-hint` : ''].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div class={`field${props.error ? ' has-error' : ''}`} data-described-by={describedBy}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <small id={`${props.id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      {props.error && (
        <small id={`${props.id}-error`} class="error">
          {props.error}
        </small>
      )}
    </div>
  );
}

/** A <select> of value/label options with the current value chosen. */
export function Select(props: {
  id: string;
  name: string;
  value?: string | null;
  options: readonly { value: string; label: string }[];
  empty?: string;
  error?: string;
  autofocus?: boolean;
}) {
  return (
    <select
      id={props.id}
      name={props.name}
      aria-invalid={props.error ? 'true' : undefined}
      aria-describedby={props.error ? `${props.id}-error` : undefined}
      autofocus={props.autofocus}
    >
      {props.empty !== undefined && <option value="">{props.empty}</option>}
      {props.options.map((o) => (
        <option value={o.value} selected={o.value === (props.value ?? '')}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** The hidden CSRF field every form carries. */
export const Csrf = (props: { token: string }) => <input type="hidden" name="_csrf" value={props.token} />;
