/**
 * Who a Q-URI addresses: one named node (optionally qualified by its Geographic-Scope),
 * or any ACTIVE node of a scope (`*.scope`). Alias and scope are canonical labels.
 */
export type QUriTarget =
  | { readonly kind: 'node'; readonly alias: string; readonly scope?: string }
  | { readonly kind: 'scope'; readonly scope: string };
