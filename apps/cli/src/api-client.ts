import { CliError } from './cli-error.js';

/** A small client of the QAN HTTP API over the global fetch. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new CliError('API_UNREACHABLE', `cannot reach ${this.baseUrl}: ${String(error)}`);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = text;
    }
    if (!response.ok) {
      const e = json as
        | { code?: string; message?: string; details?: Record<string, unknown> }
        | undefined;
      throw new CliError(e?.code ?? 'API_ERROR', e?.message ?? `HTTP ${response.status}`, {
        status: response.status,
        ...(e?.details ?? {}),
      });
    }
    return json as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }
}
