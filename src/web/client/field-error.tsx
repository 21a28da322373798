/** The error text under a form field, tied to its input by `errorId` (see field-errors.ts). */
import { errorId, type FieldErrors } from './field-errors.ts';

export function FieldError(props: { errors: FieldErrors; field: string; idBase: string }) {
  const message = props.errors[props.field];
  if (!message) return null;
  return <span class="field__error error" id={errorId(props.idBase, props.field)} role="alert">{message}</span>;
}
