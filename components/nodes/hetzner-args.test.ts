import { strict as assert } from "assert";
import {
  DEFAULT_HETZNER_IMAGE,
  DEFAULT_HETZNER_LB_TYPE,
  DEFAULT_HETZNER_NETWORK_CIDR,
  DEFAULT_HETZNER_SUBNET_CIDR,
  hetznerPrivateInterface,
} from "./hetzner-args";

describe("hetznerPrivateInterface", () => {
  it("is enp7s0 for current types and ens10 for first-generation CX*1/CCX*1", () => {
    for (const t of ["cx23", "cx53", "cpx12", "cpx62", "cax11", "ccx13", "ccx63"]) assert.equal(hetznerPrivateInterface(t), "enp7s0", t);
    for (const t of ["cx11", "cx21", "ccx11", "ccx31"]) assert.equal(hetznerPrivateInterface(t), "ens10", t);
  });
});

describe("HetznerNodes defaults", () => {
  it("are the documented constants", () => {
    assert.deepEqual(
      [DEFAULT_HETZNER_NETWORK_CIDR, DEFAULT_HETZNER_SUBNET_CIDR, DEFAULT_HETZNER_IMAGE, DEFAULT_HETZNER_LB_TYPE],
      ["10.0.0.0/8", "10.0.1.0/24", "ubuntu-24.04", "lb11"],
    );
  });
});
