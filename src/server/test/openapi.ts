import type { FastifyInstance } from 'fastify';
import { isPermission } from '../../shared/permissions.js';
import type { Access } from '../platform/http/access.js';

/** The subset of JSON Schema (OpenAPI 3.0 flavour) that the zod → JSON Schema transform emits. */
export interface JsonSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Operation {
  method: HttpMethod;
  /** OpenAPI template, `/api/v1/org/places/{id}`. */
  path: string;
  /** `METHOD /path`: the key of the fixtures table and of test names. */
  key: string;
  summary: string;
  /** The declared `x-access`, or null when the operation declares none (or a malformed one). */
  access: Access | null;
  /** Path parameters as one object schema (null when the path has none). */
  params: JsonSchema | null;
  /** Query parameters as one object schema (null when there are none). */
  query: JsonSchema | null;
  body: JsonSchema | null;
  bodyRequired: boolean;
}

interface RawParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface RawOperation {
  summary?: string;
  'x-access'?: unknown;
  parameters?: RawParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** A well-formed `x-access`, or null: the matrix treats anything else as undeclared. */
export function parseAccess(value: unknown): Access | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (v.public === true) return { public: true };
  if (v.authenticated === true) {
    return { authenticated: true, duringPasswordChange: v.duringPasswordChange === true };
  }
  if (typeof v.permission === 'string' && isPermission(v.permission) && typeof v.scoped === 'boolean') {
    return { permission: v.permission, scoped: v.scoped };
  }
  return null;
}

function parameterObject(parameters: RawParameter[], where: 'path' | 'query'): JsonSchema | null {
  const list = parameters.filter((p) => p.in === where);
  if (list.length === 0) return null;
  return {
    type: 'object',
    properties: Object.fromEntries(list.map((p) => [p.name, p.schema ?? {}])),
    required: list.filter((p) => p.required || where === 'path').map((p) => p.name),
  };
}

/** Every operation of the app's OpenAPI document, in document order. */
export async function loadOperations(app: FastifyInstance): Promise<Operation[]> {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${res.statusCode}`);
  const doc = res.json() as { paths: Record<string, Record<string, RawOperation>> };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      const method = m.toUpperCase() as HttpMethod;
      if (!METHODS.includes(method)) continue;
      const parameters = op.parameters ?? [];
      const json = op.requestBody?.content?.['application/json'];
      operations.push({
        method,
        path,
        key: `${method} ${path}`,
        summary: op.summary ?? '',
        access: parseAccess(op['x-access']),
        params: parameterObject(parameters, 'path'),
        query: parameterObject(parameters, 'query'),
        body: json?.schema ?? null,
        bodyRequired: op.requestBody?.required === true,
      });
    }
  }
  return operations;
}

/** `/places/{id}` with `{ id }` filled in, each value URL-encoded as one path segment. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for path parameter {${name}} of ${path}`);
    // Dots are encoded too, so that '..' stays a value and never becomes a dot segment.
    return encodeComponent(params[name]).replace(/\./g, '%2E');
  });
}

/** `?a=1&b=x` (arrays as repeated keys), or '' without a query. */
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) {
      parts.push(`${encodeComponent(k)}=${encodeComponent(String(one))}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is sent as the three bytes a
 * careless client would send for it: percent-escapes that are not valid UTF-8.
 */
export function encodeComponent(value: string): string {
  return value
    .split(LONE_SURROGATE)
    .map(encodeURIComponent)
    .reduce((out, part, i) => {
      if (i === 0) return part;
      const unit = value.match(LONE_SURROGATE)![i - 1].charCodeAt(0);
      const bytes = [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)];
      return `${out}${bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('')}${part}`;
    }, '');
}

export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}
