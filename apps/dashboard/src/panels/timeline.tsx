import type { TimelineEvent } from '@qcos/qan-api';
import { short } from '../format.js';

/** Registry events from the block log, newest first, each linking to its block and signer. */
export function Timeline({ events }: { events: readonly TimelineEvent[] }) {
  const newestFirst = [...events].reverse();
  return (
    <section class="panel" data-testid="timeline">
      <h2>Registry events</h2>
      <ol class="timeline">
        {newestFirst.map((e, i) => (
          <li
            key={`${e.height}-${i}`}
            data-testid="timeline-event"
            data-kind={e.kind}
            data-alias={e.alias ?? ''}
            data-height={String(e.height)}
            class={`kind-${e.kind.toLowerCase()}`}
          >
            <a href={`/api/v1/blocks/${e.height}`} target="_blank" rel="noreferrer">
              #{e.height}
            </a>{' '}
            <strong>{e.kind}</strong> {e.alias ?? ''} <span class="muted">{e.detail}</span>{' '}
            <a
              class="signer"
              href={`/api/v1/trust/${e.signer}`}
              title={`signed by ${e.signer}`}
              target="_blank"
              rel="noreferrer"
            >
              signer {short(e.signer)}
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
