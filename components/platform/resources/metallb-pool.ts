/** MetalLB's address pool and its L2 advertisement (metallb.io/v1beta1). */
export const METALLB_POOL_NAME = "default";

export interface CustomObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec: Record<string, unknown>;
}

export function buildMetallbPool(addresses: readonly string[], namespace: string): CustomObject[] {
  return [
    { apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: METALLB_POOL_NAME, namespace }, spec: { addresses: [...addresses], autoAssign: true } },
    { apiVersion: "metallb.io/v1beta1", kind: "L2Advertisement", metadata: { name: METALLB_POOL_NAME, namespace }, spec: { ipAddressPools: [METALLB_POOL_NAME] } },
  ];
}
