import { describe, expect, it } from 'vitest';
import { createQanApiClient, type FetchLike, QanApiError } from '../src/index.js';

/** A fetch double: records each request and answers with `status` and `body`. */
function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  };
  return { fetch, calls };
}

describe('QanApiClient', () => {
  it('fills path parameters, repeats array query parameters and sends JSON bodies', async () => {
    const { fetch, calls } = fakeFetch(200, { keys: [] });
    const qan = createQanApiClient('http://qan.test', { fetch });
    await qan.decKeysByQuery({
      params: { master_SAE_ID: 'rigel' },
      query: { key_ID: ['a', 'b'] },
    });
    await qan.encKeys({ params: { slave_SAE_ID: 'sirius' }, body: { number: 2 } });
    await qan.merkleRoot();
    expect(calls.map((c) => [c.init.method, c.url, c.init.body])).toEqual([
      ['GET', 'http://qan.test/api/v1/keys/rigel/dec_keys?key_ID=a&key_ID=b', null],
      ['POST', 'http://qan.test/api/v1/keys/sirius/enc_keys', '{"number":2}'],
      ['GET', 'http://qan.test/api/v1/merkle/root', null],
    ]);
    expect(calls[1]!.init.headers).toEqual({ 'content-type': 'application/json' });
  });

  it('encodes path parameters', async () => {
    const { fetch, calls } = fakeFetch(200, {});
    await createQanApiClient('http://qan.test', { fetch }).getJob({
      params: { jobId: 'a/b?c' },
    });
    expect(calls[0]!.url).toBe('http://qan.test/api/v1/jobs/a%2Fb%3Fc');
  });

  it('throws the API error of a non-2xx answer with its status, code and details', async () => {
    const { fetch } = fakeFetch(404, {
      code: 'NODE_NOT_FOUND',
      message: 'no',
      details: { alias: 'x' },
    });
    const error = await createQanApiClient('http://qan.test', { fetch })
      .getNode({ params: { alias: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QanApiError);
    expect(error).toMatchObject({ status: 404, code: 'NODE_NOT_FOUND', details: { alias: 'x' } });
  });

  it('sends the bearer token when it has one', async () => {
    const { fetch, calls } = fakeFetch(200, {});
    await createQanApiClient('http://qan.test', { fetch, token: 't0ken' }).listNodes();
    expect(calls[0]!.init.headers).toEqual({ authorization: 'Bearer t0ken' });
  });

  it('throws an ETSI 014 error body with the code of its first detail', async () => {
    const { fetch } = fakeFetch(403, {
      message: 'not yours',
      details: [{ code: 'SAE_NOT_PAIRED', master_SAE_ID: 'a', slave_SAE_ID: 'b' }],
    });
    const error = await createQanApiClient('https://kme.test', { fetch })
      .keyStatus({ params: { slave_SAE_ID: 'b' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 403,
      code: 'SAE_NOT_PAIRED',
      message: 'not yours',
      details: { master_SAE_ID: 'a', slave_SAE_ID: 'b' },
    });
  });

  it('reports a body that is no API error as API_ERROR, and no answer as API_UNREACHABLE', async () => {
    const bad = await createQanApiClient('http://qan.test', {
      fetch: fakeFetch(502, 'gateway').fetch,
    })
      .health()
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 502, code: 'API_ERROR', message: 'HTTP 502' });
    const down = await createQanApiClient('http://qan.test', {
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    })
      .health()
      .catch((e: unknown) => e);
    expect(down).toMatchObject({ status: 0, code: 'API_UNREACHABLE' });
  });
});
