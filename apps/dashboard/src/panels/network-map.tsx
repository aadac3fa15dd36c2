import type { DashboardNode } from '@qcos/qan-api';
import { age, bitRate, percent, short } from '../format.js';

function EksLine({ node }: { node: DashboardNode }) {
  const qkd = node.qkd;
  const pool = node.keyPool;
  return (
    <div class="eks">
      <span class={node.eks.ok ? 'ok' : 'bad'}>
        EKS{' '}
        {node.eks.ok ? 'stable' : `lost${node.eks.lossReason ? ` (${node.eks.lossReason})` : ''}`}
      </span>
      {qkd === undefined ? null : (
        <span data-testid="node-qber">
          {' '}
          · QBER {percent(qkd.qber)} · {bitRate(qkd.secretKeyRateBps)}
        </span>
      )}
      {pool === undefined ? null : (
        <span title="keys stored in the ETSI 014 pool / announced, not yet distilled here">
          {' '}
          · pool {pool.stored} + {pool.announced}
        </span>
      )}
    </div>
  );
}

function NodeCard({ node, nowMs }: { node: DashboardNode; nowMs: number }) {
  const link =
    node.via !== undefined
      ? `via relay ${short(node.via)}`
      : node.connected !== false
        ? 'direct'
        : node.servedBy !== undefined
          ? `at QAN ${short(node.servedBy)}`
          : 'not connected';
  return (
    <article
      class={`node ${node.status.toLowerCase()}`}
      data-testid={`node-${node.alias}`}
      data-status={node.status}
      data-reason={node.reason ?? ''}
    >
      <header>
        <strong>{node.alias}</strong>
        <span class="badge">{node.status}</span>
      </header>
      {node.reason === null ? null : (
        <div class="reason" data-testid="node-reason">
          {node.reason}
          {node.reasonDetail === undefined ? '' : ` · ${node.reasonDetail}`}
        </div>
      )}
      <div>
        fidelity {node.avgFidelity.toFixed(3)} · {node.qubitCapacity} qubits · {node.utilisationPct}{' '}
        % busy
      </div>
      <EksLine node={node} />
      <div class="muted">
        {link} · heartbeat {age(node.lastHeartbeatMs, nowMs)}
        {node.faults.length === 0 ? '' : ` · faults ${node.faults.join(', ')}`}
      </div>
    </article>
  );
}

/** Nodes grouped by Geographic-Scope, each with its status, quarantine reason, EKS and link. */
export function NetworkMap({ nodes, nowMs }: { nodes: readonly DashboardNode[]; nowMs: number }) {
  const scopes = [...new Set(nodes.map((n) => n.scope))].sort();
  return (
    <section class="panel" data-testid="network-map">
      <h2>Network</h2>
      {nodes.length === 0 ? <p class="muted">no nodes registered</p> : null}
      {scopes.map((scope) => (
        <div class="scope" data-testid={`scope-${scope}`} key={scope}>
          <h3>{scope}</h3>
          <div class="nodes">
            {nodes
              .filter((n) => n.scope === scope)
              .map((n) => (
                <NodeCard node={n} nowMs={nowMs} key={n.alias} />
              ))}
          </div>
        </div>
      ))}
    </section>
  );
}
