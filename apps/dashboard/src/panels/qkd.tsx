import type { QkdSampleView } from '@qcos/qan-api';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { bitRate, percent } from '../format.js';

const WIDTH = 420;
const HEIGHT = 180;

/** The plot's columns: seconds, key rate in kbit/s, QBER in %. */
function columns(samples: readonly QkdSampleView[]): uPlot.AlignedData {
  return [
    samples.map((s) => s.atMs / 1000),
    samples.map((s) => s.secretKeyRateBps / 1000),
    samples.map((s) => s.qber * 100),
  ];
}

const OPTIONS: Omit<uPlot.Options, 'width' | 'height'> = {
  series: [
    {},
    { label: 'secret key rate (kbit/s)', stroke: '#2563eb', width: 2, scale: 'rate' },
    { label: 'QBER (%)', stroke: '#dc2626', width: 2, scale: 'qber' },
  ],
  axes: [
    {},
    { scale: 'rate', label: 'kbit/s' },
    { scale: 'qber', side: 1, label: 'QBER %', grid: { show: false } },
  ],
  scales: { x: { time: true }, qber: { range: [0, 50] } },
};

/** One link's key rate and QBER over time. */
function LinkPlot({ alias, samples }: { alias: string; samples: readonly QkdSampleView[] }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  useEffect(() => {
    if (box.current === null) return;
    plot.current = new uPlot(
      { ...OPTIONS, width: WIDTH, height: HEIGHT },
      [[], [], []],
      box.current,
    );
    return () => plot.current?.destroy();
  }, []);
  useEffect(() => {
    plot.current?.setData(columns(samples));
  }, [samples]);
  const last = samples[samples.length - 1];
  return (
    <figure
      class="qkd-link"
      data-testid={`qkd-${alias}`}
      data-points={String(samples.length)}
      data-last-rate={String(last?.secretKeyRateBps ?? 0)}
      data-state={last?.state ?? ''}
    >
      <figcaption>
        <strong>{alias}</strong>
        {last === undefined
          ? ''
          : ` · ${last.state} · ${bitRate(last.secretKeyRateBps)} · QBER ${percent(last.qber)}`}
        {last?.lossReason === undefined ? '' : ` · ${last.lossReason}`}
      </figcaption>
      <div ref={box} />
    </figure>
  );
}

/** Per QKD link: secret key rate (measured) and QBER (from the link's model) over time. */
export function Qkd({ links }: { links: Readonly<Record<string, readonly QkdSampleView[]>> }) {
  const aliases = Object.keys(links).sort();
  return (
    <section class="panel" data-testid="qkd">
      <h2>QKD links</h2>
      {aliases.length === 0 ? <p class="muted">no QKD link reported yet</p> : null}
      <div class="qkd-links">
        {aliases.map((alias) => (
          <LinkPlot alias={alias} samples={links[alias] ?? []} key={alias} />
        ))}
      </div>
    </section>
  );
}
