import type { ClusterQan } from '@qcos/qan-api';
import { short } from '../format.js';

const agreement = (q: ClusterQan) => (q.agrees === null ? 'no block yet' : q.agrees ? 'yes' : 'NO');

/** The registry's QANs: link, the newest block each signed, and whether its root agrees. */
export function Cluster({ qans, height }: { qans: readonly ClusterQan[]; height: number }) {
  return (
    <section class="panel" data-testid="cluster">
      <h2>QANs · height {height}</h2>
      <table>
        <thead>
          <tr>
            <th>QAN</th>
            <th>link</th>
            <th>last block</th>
            <th>state root</th>
            <th>agrees</th>
          </tr>
        </thead>
        <tbody>
          {qans.map((q) => (
            <tr key={q.quid} data-testid="cluster-qan" data-self={String(q.self)}>
              <td title={q.quid}>
                {short(q.quid, 14)}
                {q.self ? ' (this QAN)' : ''}
              </td>
              <td>{q.self ? '—' : q.connected ? 'up' : 'down'}</td>
              <td>{q.lastBlock === undefined ? '—' : `#${q.lastBlock.height}`}</td>
              <td title={q.lastBlock?.stateRoot}>{short(q.lastBlock?.stateRoot ?? '—', 12)}</td>
              <td>{agreement(q)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
