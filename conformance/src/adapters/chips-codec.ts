import {
  type CanonicalValue,
  decodeCanonical,
  decodePacket,
  encodeCanonical,
  encodeFrame,
  encodePacket,
  FrameDecoder,
  forwardedPacket,
  HeaderStamper,
  LamportClock,
  type NodeId,
  nackDetail,
  type Packet,
  type StampRequest,
  validateHealthReport,
} from '@qcos/chips-codec';
import {
  bytesField,
  bytesToHex,
  field,
  hexToBytes,
  isArray,
  isNumber,
  isObject,
  isString,
  type PackageAdapter,
  VectorInputError,
} from '../adapter.js';

/**
 * JSON has no byte strings, so vectors write a canonical value's bytes as {"$bytes": "<hex>"}.
 * Packet fields that hold bytes (block, bases, outcomes, an EKS_RELAY announcement, a CONTRACT_RUN
 * secret) are plain hex strings: their place in the packet already says they are bytes.
 */
function valueFromJson(v: unknown): CanonicalValue {
  if (isArray(v)) return v.map(valueFromJson);
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$bytes' && isString(v.$bytes))
      return hexToBytes(v.$bytes);
    return Object.fromEntries(keys.map((k) => [k, valueFromJson(v[k])]));
  }
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string')
    return v;
  throw new VectorInputError('not a JSON value');
}

function valueToJson(v: CanonicalValue): unknown {
  if (v instanceof Uint8Array) return { $bytes: bytesToHex(v) };
  if (Array.isArray(v)) return v.map(valueToJson);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, valueToJson(x)]));
  }
  return v;
}

const BYTE_FIELDS = ['block', 'bases', 'outcomes', 'secret'];

function packetFromJson(v: unknown): Packet {
  if (!isObject(v) || !isObject(v.body))
    throw new VectorInputError('packet must be an object with a body');
  const body: Record<string, unknown> = { ...v.body };
  for (const k of BYTE_FIELDS) if (isString(body[k])) body[k] = hexToBytes(body[k]);
  // EKS_RELAY: each announcement's M is bytes too.
  if (isArray(body.announcements)) {
    body.announcements = body.announcements.map((a) =>
      isObject(a) && isString(a.announcement)
        ? { ...a, announcement: hexToBytes(a.announcement) }
        : a,
    );
  }
  return { ...v, body } as unknown as Packet;
}

/** Random bytes that replay the vector's hex in a cycle, so packet ids are predictable by hand. */
function replay(hex: string) {
  const bytes = hexToBytes(hex);
  if (bytes.length === 0) throw new VectorInputError('random must not be empty');
  let i = 0;
  return (length: number) => Uint8Array.from({ length }, () => bytes[i++ % bytes.length]!);
}

/** One step of a stamping scenario: a packet sent, or a Lamport time received or observed. */
type StampEvent =
  | ({ readonly send: string } & StampRequest)
  | { readonly receive: number }
  | { readonly observe: number };

/** Operations of @qcos/chips-codec that vectors in conformance/vectors/chips-codec/ can name. */
export const adapter: PackageAdapter = {
  package: 'chips-codec',
  operations: {
    /** {value} → canonical bytes (hex). */
    encodeCanonical: (input) =>
      encodeCanonical(valueFromJson(field(input, 'value', (v): v is unknown => true))),
    /** {hex, limits?} → value (bytes as {"$bytes"}). */
    decodeCanonical: (input) => {
      const limits = isObject(input) && isObject(input.limits) ? input.limits : undefined;
      return valueToJson(decodeCanonical(bytesField(input, 'hex'), limits));
    },
    /** {packet} → packet bytes (hex). */
    encodePacket: (input) => encodePacket(packetFromJson(field(input, 'packet', isObject))),
    /** {hex} → packet. */
    decodePacket: (input) => decodePacket(bytesField(input, 'hex')),
    /** {packet} → frame bytes (hex). */
    encodeFrame: (input) => encodeFrame(packetFromJson(field(input, 'packet', isObject))),
    /** {hex, chunkSize, maxFrameBytes?} → packets, feeding the stream chunkSize bytes at a time, then finish(). */
    decodeFrames: (input) => {
      const bytes = bytesField(input, 'hex');
      const chunk = field(input, 'chunkSize', isNumber);
      const max =
        isObject(input) && isNumber(input.maxFrameBytes) ? input.maxFrameBytes : undefined;
      const decoder = new FrameDecoder(max === undefined ? undefined : { maxFrameBytes: max });
      const out: Packet[] = [];
      for (let i = 0; i < bytes.length; i += chunk)
        out.push(...decoder.push(bytes.subarray(i, i + chunk)));
      decoder.finish();
      return out;
    },
    /** {report} → the report, or the validation error. */
    validateHealthReport: (input) => validateHealthReport(field(input, 'report', isObject)),
    /**
     * {source, random, start?, events} → per event: the stamped header of a send, or {lamport}
     * (the clock after it) of a receive / observe.
     */
    stampHeaders: (input) => {
      const start = isObject(input) && isNumber(input.start) ? input.start : 0;
      const stamper = new HeaderStamper(
        field(input, 'source', isString) as NodeId,
        replay(field(input, 'random', isString)),
        new LamportClock(start),
      );
      return (field(input, 'events', isArray) as StampEvent[]).map((e) => {
        if ('send' in e) return stamper.stamp(e.send, e);
        if ('receive' in e) stamper.received({ lamport: e.receive });
        else stamper.clock.observe(e.observe);
        return { lamport: stamper.clock.now };
      });
    },
    /** {text} → the NACK detail the codec accepts. */
    nackDetail: (input) => nackDetail(field(input, 'text', isString)),
    /** {packet} → the copy a forwarder passes on. */
    forwardedPacket: (input) => forwardedPacket(packetFromJson(field(input, 'packet', isObject))),
  },
};
