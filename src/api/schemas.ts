/** TypeBox schemas of the shapes the API answers with; the OpenAPI document is generated from them. */
import { Type } from 'typebox';

export const ErrorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) }, { $id: 'Error' });

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const UserSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('member')]),
});

export const ConversationSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  kind: Type.Union([Type.Literal('team'), Type.Literal('support')]),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  created_at: Type.String({ format: 'date-time' }),
  // support conversations only
  contact: Type.Optional(Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()), external_id: Nullable(Type.String()) })),
  assignee: Type.Optional(Nullable(Type.Object({ id: Type.String(), name: Type.String() }))),
  tags: Type.Optional(Type.Array(Type.String())),
  bridge_id: Type.Optional(Nullable(Type.String())),
}, { additionalProperties: true });

export const AttachmentSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('file'), Type.Literal('link')]),
  name: Type.String(),
  url: Type.String(),
  content_type: Nullable(Type.String()),
  size: Nullable(Type.Number()),
  sha256: Nullable(Type.String()),
});

export const MessageSchema = Type.Object({
  id: Type.String(),
  conversation_id: Type.String(),
  seq: Type.Number(),
  body: Type.String(),
  sender: Type.Object({
    type: Type.String(),
    id: Nullable(Type.String()),
    name: Type.String(),
    avatar_url: Nullable(Type.String()),
  }),
  attachments: Type.Array(AttachmentSchema),
  case_id: Nullable(Type.String()),
  direction: Nullable(Type.String()),
  rich: Nullable(Type.Object({}, { additionalProperties: true })),
  created_at: Type.String({ format: 'date-time' }),
});

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** Standard error answers, added to every route's response schema. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
  422: ErrorBody,
  429: ErrorBody,
} as const;
