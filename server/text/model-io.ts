/**
 * Compact, gzip-compressed serialisation of classifier models.
 *
 * Only hashed features that survived the document-frequency cut are stored:
 * their indices (delta + varint), IDF (uint16, 1/4096 steps) and per-label
 * weights (int8, square-root companded, one scale per label).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ClassifierModel, MemberModel } from './classifier.ts';

const IDF_SCALE = 4096;

interface StoredModel {
  format: 'xinfang-text-classifier';
  version: 3;
  labels: string[];
  temperature: number;
  confidentAt: number;
  oodBelow: number | null;
  samples: number;
  trainedAt: string;
  members: StoredMember[];
}

interface StoredMember {
  features: MemberModel['features'];
  bias: number[];
  count: number;
  indices: string;
  idf: string;
  weightScales: number[];
  weights: string[];
}

/** int8 with square-root companding: fine steps near zero where most weights are. */
function quantize(x: number): number {
  return Math.round(Math.sign(x) * Math.sqrt(Math.min(1, Math.abs(x))) * 127);
}

function dequantize(q: number): number {
  const r = q / 127;
  return Math.sign(r) * r * r;
}

function encodeVarints(values: number[]): Buffer {
  const out: number[] = [];
  for (const v0 of values) {
    let v = v0;
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
  }
  return Buffer.from(out);
}

function decodeVarints(buf: Buffer, count: number): number[] {
  const out: number[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = buf[pos++];
      if (b === undefined) throw new Error('模型文件已损坏（索引截断）');
      v += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 128;
    }
    out.push(v);
  }
  return out;
}

function storeMember(model: MemberModel): StoredMember {
  const active: number[] = [];
  for (let k = 0; k < model.idf.length; k++) if ((model.idf[k] as number) > 0) active.push(k);
  const deltas = active.map((k, i) => (i === 0 ? k : k - (active[i - 1] as number)));
  const idf = new Uint16Array(active.length);
  active.forEach((k, i) => {
    idf[i] = Math.min(65535, Math.round((model.idf[k] as number) * IDF_SCALE));
  });
  const weightScales: number[] = [];
  const weights = model.weights.map((w) => {
    let max = 0;
    for (const k of active) max = Math.max(max, Math.abs(w[k] as number));
    const scale = max > 0 ? max : 1;
    weightScales.push(scale);
    const q = new Int8Array(active.length);
    active.forEach((k, i) => {
      q[i] = quantize((w[k] as number) / scale);
    });
    return Buffer.from(q.buffer).toString('base64');
  });
  return {
    features: model.features,
    bias: model.bias,
    count: active.length,
    indices: encodeVarints(deltas).toString('base64'),
    idf: Buffer.from(idf.buffer).toString('base64'),
    weightScales,
    weights,
  };
}

/** Serialises a model to a gzip-compressed JSON buffer (quantised weights). */
export function serializeModel(model: ClassifierModel): Buffer {
  const stored: StoredModel = {
    format: 'xinfang-text-classifier',
    version: 3,
    labels: model.labels,
    temperature: model.temperature,
    confidentAt: model.confidentAt,
    oodBelow: model.oodBelow,
    samples: model.samples,
    trainedAt: model.trainedAt,
    members: model.members.map(storeMember),
  };
  return gzipSync(Buffer.from(JSON.stringify(stored), 'utf8'), { level: 9 });
}

/** Restores a model written by {@link serializeModel} (gzip or plain JSON). */
export function deserializeModel(buf: Buffer): ClassifierModel {
  const raw = buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf;
  let s: StoredModel;
  try {
    s = JSON.parse(raw.toString('utf8')) as StoredModel;
  } catch {
    throw new Error('模型文件无法解析');
  }
  if (s.format !== 'xinfang-text-classifier') throw new Error('不支持的模型文件格式');
  if (s.version !== 3) throw new Error('模型文件版本过旧，请用 text train 重新训练');
  return {
    version: 3,
    labels: s.labels,
    temperature: s.temperature,
    confidentAt: s.confidentAt,
    oodBelow: s.oodBelow,
    members: s.members.map(loadMember),
    samples: s.samples,
    trainedAt: s.trainedAt,
  };
}

function loadMember(s: StoredMember): MemberModel {
  const dim = 1 << s.features.bits;
  const deltas = decodeVarints(Buffer.from(s.indices, 'base64'), s.count);
  const active: number[] = [];
  let k = 0;
  for (const d of deltas) {
    k += d;
    active.push(k);
  }
  const idfBuf = Buffer.from(s.idf, 'base64');
  const idfQ = new Uint16Array(idfBuf.buffer.slice(idfBuf.byteOffset, idfBuf.byteOffset + idfBuf.byteLength));
  const idf = new Float32Array(dim);
  active.forEach((key, i) => {
    idf[key] = (idfQ[i] as number) / IDF_SCALE;
  });
  const weights = s.weights.map((b64, c) => {
    const b = Buffer.from(b64, 'base64');
    const q = new Int8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    const w = new Float32Array(dim);
    const scale = s.weightScales[c] as number;
    active.forEach((key, i) => {
      w[key] = dequantize(q[i] as number) * scale;
    });
    return w;
  });
  return { features: s.features, idf, weights, bias: s.bias };
}

/** Writes a model file (gzip). */
export function saveModel(path: string, model: ClassifierModel): number {
  const buf = serializeModel(model);
  writeFileSync(path, buf);
  return buf.length;
}

/** Reads a model file written by {@link saveModel}. */
export function loadModel(path: string): ClassifierModel {
  return deserializeModel(readFileSync(path));
}
