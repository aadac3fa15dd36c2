import type { ContractView } from '@qcos/qan-api';

function terms(c: ContractView): string {
  if (c.participants === undefined) return c.reason === undefined ? '' : `ended: ${c.reason}`;
  const slots = (c.slotsHeld ?? []).map((s, i) => `${c.participants?.[i]}[${s.join(',')}]`);
  return `${c.participants.join(' ↔ ')} · slots ${slots.join(' ')}`;
}

/** Entanglement-link and coherence-window contracts the registry holds, and the newest ended. */
export function Contracts({ contracts }: { contracts: readonly ContractView[] }) {
  return (
    <section class="panel" data-testid="contracts">
      <h2>Resource contracts</h2>
      {contracts.length === 0 ? <p class="muted">no contracts</p> : null}
      <table>
        <thead>
          <tr>
            <th>id</th>
            <th>kind</th>
            <th>state</th>
            <th>terms</th>
          </tr>
        </thead>
        <tbody>
          {contracts.map((c) => (
            <tr key={c.id} data-testid={`contract-${c.id}`} data-state={c.state}>
              <td>{c.id}</td>
              <td>{c.kind ?? '—'}</td>
              <td>{c.state}</td>
              <td>
                {terms(c)}
                {c.alias === undefined ? '' : ` · ${c.alias}`}
                {c.conflict === undefined ? '' : ` · conflicts with ${c.conflict}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
