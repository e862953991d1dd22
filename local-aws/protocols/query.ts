/**
 * The AWS Query protocol (IAM 2010-05-08, STS 2011-06-15): form-encoded requests and XML responses.
 *
 * Request: `Action=GetRole&Version=2010-05-08&RoleName=x`, lists as `Name.member.N`, structures in lists as
 * `Tags.member.N.Key`. Response: `<OpResponse xmlns=…><OpResult>…</OpResult><ResponseMetadata>…`; the SDKs
 * look the result element up by name, so it must be present even when empty. The namespace differs per
 * service, which is why every builder takes it as a parameter.
 */
import type { AwsError, WireRequest, WireResponse } from '../types';

/** Decoded request parameters: the form body merged over the query string (SDKs POST; curl may GET). */
export type QueryParams = ReadonlyMap<string, string>;

export const XML_CONTENT_TYPE = 'text/xml';

/** Parses `application/x-www-form-urlencoded` (where `+` is a space) plus the URL query string. */
export function parseQueryRequest(req: Pick<WireRequest, 'query' | 'body'>): QueryParams {
  const params = new Map<string, string>();
  for (const [k, v] of req.query) params.set(k, v);
  const body = req.body.length ? req.body.toString('utf8') : '';
  for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  return params;
}

/** `Names.member.1`, `Names.member.2`, … in index order; an index gap ends the list, as on AWS. */
export function memberList(params: QueryParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${name}.member.${i}`); i++) out.push(params.get(`${name}.member.${i}`)!);
  return out;
}

/** `Tags.member.N.Key` / `Tags.member.N.Value` → `[{ Key, Value }]`; fields are collected per index. */
export function memberStructs(params: QueryParams, name: string): Record<string, string>[] {
  const byIndex = new Map<number, Record<string, string>>();
  const prefix = `${name}.member.`;
  for (const [k, v] of params) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    const dot = rest.indexOf('.');
    if (dot < 0) continue;
    const index = Number(rest.slice(0, dot));
    if (!Number.isInteger(index) || index < 1) continue;
    const entry = byIndex.get(index) ?? {};
    entry[rest.slice(dot + 1)] = v;
    byIndex.set(index, entry);
  }
  return [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!);
}

/**
 * A value the XML writer understands. Arrays become `<member>` lists (the Query wire shape of every list),
 * Dates ISO-8601 strings, `undefined`/`null` fields are omitted (absent ≠ empty for the SDK parsers).
 */
export type XmlValue = string | number | boolean | Date | null | undefined | readonly XmlValue[] | XmlObject;
export interface XmlObject {
  readonly [key: string]: XmlValue;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);
}
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Array.isArray narrows to any[]; this keeps the element type. */
function isXmlList(value: XmlValue): value is readonly XmlValue[] {
  return Array.isArray(value);
}

/** Serializes the children of one element. */
export function toXml(value: XmlValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (isXmlList(value)) return value.map((v) => element('member', v)).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => (v === undefined || v === null ? '' : element(k, v)))
      .join('');
  }
  return escapeXml(String(value));
}

function element(name: string, value: XmlValue): string {
  return `<${name}>${toXml(value)}</${name}>`;
}

export interface QueryResponseOptions {
  /** e.g. https://iam.amazonaws.com/doc/2010-05-08/ or https://sts.amazonaws.com/doc/2011-06-15/ */
  readonly xmlns: string;
  readonly requestId: string;
}

/** `<{op}Response><{op}Result>…</{op}Result><ResponseMetadata>…` with status 200. */
export function queryResponse(operation: string, result: XmlObject | undefined, opts: QueryResponseOptions): WireResponse {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${operation}Response xmlns="${escapeXml(opts.xmlns)}">` +
    (result === undefined ? '' : `<${operation}Result>${toXml(result)}</${operation}Result>`) +
    `<ResponseMetadata><RequestId>${escapeXml(opts.requestId)}</RequestId></ResponseMetadata>` +
    `</${operation}Response>`;
  return { status: 200, headers: { 'content-type': XML_CONTENT_TYPE, 'x-amzn-requestid': opts.requestId }, body };
}

/**
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`; the SDK picks the
 * exception class by `Code`. The status comes from the error (404 NoSuchEntity, 409 conflicts, 400 input).
 */
export function queryErrorResponse(err: AwsError, opts: { readonly requestId: string; readonly xmlns?: string }): WireResponse {
  const ns = opts.xmlns ? ` xmlns="${escapeXml(opts.xmlns)}"` : '';
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ErrorResponse${ns}><Error><Type>${err.type}</Type><Code>${escapeXml(err.code)}</Code>` +
    `<Message>${escapeXml(err.message)}</Message></Error>` +
    `<RequestId>${escapeXml(opts.requestId)}</RequestId></ErrorResponse>`;
  return { status: err.status, headers: { 'content-type': XML_CONTENT_TYPE, 'x-amzn-requestid': opts.requestId }, body };
}

/**
 * Encodes a policy document the way IAM returns it. Clients decode with Go's `url.QueryUnescape`, which
 * turns `+` into a space, so `+` must be `%2B` and spaces `%20`; encodeURIComponent does exactly that.
 */
export function urlEncodeDocument(doc: string): string {
  return encodeURIComponent(doc);
}
