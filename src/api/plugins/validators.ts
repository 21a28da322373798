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
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, allErrors: false, strict: false, strictNumbers: true, ...options });
  addFormats(ajv);
  return ajv;
}

const strict = makeAjv({ coerceTypes: false });
const coercing = makeAjv({ coerceTypes: 'array' });

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  httpPart === 'body' ? strict.compile(schema as object) : finiteOnly(coercing.compile(schema as object));

/**
 * Coercion makes `?after=1e309` the number Infinity after strictNumbers has looked, and Ajv's
 * integer check lets Infinity through; so a coerced URL part holding a non-finite number fails here.
 */
function finiteOnly(validate: ValidateFunction): ValidateFunction {
  const checked = ((data: unknown) => {
    const ok = validate(data);
    const bad = ok && data && typeof data === 'object' ? Object.entries(data).find(([, v]) => [v].flat().some((x) => typeof x === 'number' && !Number.isFinite(x))) : undefined;
    checked.errors = bad ? [{ instancePath: `/${bad[0]}`, schemaPath: '#/finite', keyword: 'type', params: {}, message: 'must be a finite number' }] : validate.errors;
    return ok && !bad;
  }) as ValidateFunction;
  return checked;
}
