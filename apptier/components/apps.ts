/**
 * Stage 06, apps: the sample app and its database backups (stage 05, tenants, is apptier/tenants.ts).
 */
import type { Component } from "../model";
import { sampleAppBackupObjects, sampleAppObjects } from "../sample-app";

export const APPS: readonly Component[] = [
  // ---------------------------------------------------------------- 05 tenants (apptier/tenants.ts) / 06 apps
  {
    name: "sample-app",
    stage: "06-apps",
    namespace: "sample-app",
    description: "The sample app: HTTPRoute, CNPG database, Redis, scaled to zero by Sablier, OIDC via OAuth2-Proxy when on",
    defaultOn: true,
    manifests: { objects: sampleAppObjects },
  },
  {
    name: "sample-app-backups",
    stage: "06-apps",
    namespace: "sample-app",
    description: "WAL archiving and nightly backups of the sample app's database to object storage (Barman Cloud plugin)",
    defaultOn: false,
    requires: ["sample-app", "plugin-barman-cloud"],
    secrets: [
      {
        name: "sample-app-s3",
        namespace: "sample-app",
        keys: [
          { key: "ACCESS_KEY_ID", describe: "S3 access key for the backup bucket" },
          { key: "ACCESS_SECRET_KEY", describe: "S3 secret key for the backup bucket" },
        ],
      },
    ],
    manifests: { objects: sampleAppBackupObjects },
  },
];
