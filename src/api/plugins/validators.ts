/**
 * Request validation with two Ajv instances: URL parts (params, query, headers) arrive as strings and
 * are coerced to the declared types; bodies are JSON and must already have the right types, so
 * `{"body": 5}` is an error naming `body`, never silently turned into "5".
 */
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats ships CommonJS; its default export arrives wrapped depending on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

function makeAjv(options: Options): Ajv {
  // strictNumbers: Ajv otherwise takes Infinity (JSON's `1e309`) as a number, even as an integer,
  // which then reached the database (PostgreSQL: "invalid input syntax for type bigint", a 500).
  // It looks before coercion, so URL parts get finiteOnly as well.
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, allErrors: false, strict: false, strictNumbers: true, ...options });
  addFormats(ajv);
  return ajv;
}

const strict = makeAjv({ coerceTypes: false });
const coercing = makeAjv({ coerceTypes: 'array' });

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  httpPart === 'body' ? strict.compile(withNumberBounds(schema)) : finiteOnly(coercing.compile(withNumberBounds(schema)));

/** Coercion turns `?after=1e309` into Infinity after every number check has passed, so URL parts are checked again. */
function finiteOnly(validate: ValidateFunction): ValidateFunction {
  const checked = ((data: unknown) => {
    const ok = validate(data);
    const bad = ok && data && typeof data === 'object' ? Object.keys(data).find((key) => [(data as Record<string, unknown>)[key]].flat().some((v) => typeof v === 'number' && !Number.isFinite(v))) : undefined;
    checked.errors = bad === undefined ? validate.errors : [{ instancePath: `/${bad}`, schemaPath: '#/finite', keyword: 'type', params: {}, message: 'must be a finite number' }];
    return ok && bad === undefined;
  }) as ValidateFunction;
  return checked;
}

const BOUNDS = { integer: Number.MAX_SAFE_INTEGER, number: Number.MAX_VALUE } as const;

/**
 * The schema with every integer bounded by 2^53 and every number by the largest finite one, where
 * the route set no bound itself: `?after=99999999999999999999` or JSON `1e20` are integers past
 * PostgreSQL's bigint, and reached the database (a 500) before.
 */
function withNumberBounds(schema: unknown): object {
  if (Array.isArray(schema)) return schema.map(withNumberBounds);
  if (!schema || typeof schema !== 'object') return schema as object;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = key === 'const' || key === 'enum' || key === 'default' ? value : withNumberBounds(value);
  const types = [out.type].flat();
  const bound = types.includes('integer') ? BOUNDS.integer : types.includes('number') ? BOUNDS.number : undefined;
  if (bound !== undefined) {
    out.maximum ??= bound;
    out.minimum ??= -bound;
  }
  return out;
}
