import { describe, expect, it } from 'vitest';
import { SessionRateLimiter, TokenBucket } from '../src/peers/packet-rate-limit.js';

describe('TokenBucket', () => {
  it('allows exactly the burst at one instant', () => {
    const bucket = new TokenBucket(10, 2, 1_000);
    let taken = 0;
    for (let i = 0; i < 100; i++) if (bucket.take(1_000)) taken++;
    expect(taken).toBe(10);
    expect(bucket.available(1_000)).toBe(0);
  });

  it('refills from the given time at its rate, never past the burst', () => {
    const bucket = new TokenBucket(10, 2, 0);
    for (let i = 0; i < 10; i++) bucket.take(0);
    expect(bucket.take(499)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(500)).toBe(false);
    // 3 s at 2/s: 6 tokens.
    expect(bucket.available(3_500)).toBe(6);
    // An hour later: capped at the burst.
    expect(bucket.available(3_603_500)).toBe(10);
  });

  it('adds nothing when the time goes back', () => {
    const bucket = new TokenBucket(3, 1, 10_000);
    for (let i = 0; i < 3; i++) bucket.take(10_000);
    expect(bucket.available(0)).toBe(0);
    expect(bucket.available(10_999)).toBe(0);
    expect(bucket.available(11_000)).toBe(1);
  });

  it('refills a fractional rate exactly', () => {
    const bucket = new TokenBucket(1, 0.5, 0);
    expect(bucket.take(0)).toBe(true);
    expect(bucket.take(1_999)).toBe(false);
    expect(bucket.take(2_000)).toBe(true);
  });

  it('refuses a burst under 1 or a rate of 0', () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0, 0)).toThrow(RangeError);
  });
});

describe('SessionRateLimiter', () => {
  const limits = { packetBurst: 20, packetsPerSecond: 10, registryBurst: 5, registryPerSecond: 1 };

  it('limits registry-writing packets more strictly than the others, per key', () => {
    const limiter = new SessionRateLimiter(limits);
    const beats = Array.from({ length: 50 }, () => limiter.admit('a', 'HEARTBEAT', 0));
    expect(beats.filter((r) => r === undefined)).toHaveLength(5);
    expect(beats.filter((r) => r === 'registry')).toHaveLength(45);
    // EKS_SYNC shares the registry allowance; other packets still have theirs (20 − 5 taken).
    expect(limiter.admit('a', 'EKS_SYNC', 0)).toBe('registry');
    const results = Array.from({ length: 50 }, () => limiter.admit('a', 'JOB_RESULT', 0));
    expect(results.filter((r) => r === undefined)).toHaveLength(15);
    expect(results.filter((r) => r === 'packets')).toHaveLength(35);
    // Another key has its own buckets.
    expect(limiter.admit('b', 'HEARTBEAT', 0)).toBeUndefined();
    // One second later: 1 registry token and 10 packet tokens for 'a'.
    expect(limiter.admit('a', 'HEARTBEAT', 1_000)).toBeUndefined();
    expect(limiter.admit('a', 'HEARTBEAT', 1_000)).toBe('registry');
  });

  it('takes no registry token when the packet limit refuses', () => {
    const limiter = new SessionRateLimiter({ ...limits, packetBurst: 2, registryBurst: 5 });
    expect(limiter.admit('a', 'ACK', 0)).toBeUndefined();
    expect(limiter.admit('a', 'ACK', 0)).toBeUndefined();
    expect(limiter.admit('a', 'HEARTBEAT', 0)).toBe('packets');
    // 100 ms at 10/s: one packet token; the 5 registry tokens are all still there.
    for (let i = 0; i < 5; i++) {
      expect(limiter.admit('a', 'HEARTBEAT', 100 * (i + 1))).toBeUndefined();
    }
    expect(limiter.admit('a', 'HEARTBEAT', 600)).toBe('registry');
  });
});
