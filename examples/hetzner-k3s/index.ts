/** `pulumi up` entry point: the token from secret config or HCLOUD_TOKEN, your address from config. */
import * as pulumi from "@pulumi/pulumi";
import { hetznerK3s } from "./program";

const config = new pulumi.Config();
const hcloudToken = config.getSecret("hcloudToken") ?? pulumi.secret(process.env.HCLOUD_TOKEN ?? "");
const outputs = hetznerK3s({ hcloudToken, adminCidr: config.require("adminCidr") });

export const kubeconfig = outputs.kubeconfig;
export const apiEndpoint = outputs.apiEndpoint;
export const clusterCoreReleases = outputs.clusterCoreReleases;
