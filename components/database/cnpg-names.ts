/** The Barman Cloud plugin's name, as the Cluster and ScheduledBackup refer to it. */
export const BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";
export const POSTGRES_PORT = 5432;
/** The instance manager's status port, which the operator calls (CloudNativePG "Security: Exposed Ports"). */
export const STATUS_PORT = 8000;
