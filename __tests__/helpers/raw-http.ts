/**
 * A raw HTTP POST to the local endpoint, for tests that must send what no SDK would (hand-signed or
 * mis-signed requests, oversized bodies) and read the status, body and Lambda-style error header back.
 */
import { request } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly body: string;
  /** The X-Amzn-ErrorType header ('' when absent). */
  readonly errorType: string;
}

export function rawPost(endpoint: string, path: string, headers: Record<string, string>, body: string | Buffer): Promise<RawResponse> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, errorType: String(res.headers['x-amzn-errortype'] ?? '') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
