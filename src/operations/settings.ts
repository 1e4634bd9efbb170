/** Who may read `/metrics`, and how far behind the projectors may be while `/ready` still says ready. */
export interface OperationsSettings {
  /**
   * REEL_METRICS_TOKEN: a bearer token for `/metrics` alone, so a Prometheus server need not hold the admin
   * token (which can do everything). The admin token is accepted too.
   */
  metricsToken: string | undefined
  /** REEL_READY_MAX_LAG_SECONDS: not ready while the oldest unprojected event is older than this. */
  readyMaxLagSeconds: number
  /** REEL_READY_MAX_LAG_EVENTS: not ready while a projector has more unprojected events on a partition (null: no limit). */
  readyMaxLagEvents: number | null
}

export const DEFAULT_OPERATIONS_SETTINGS: OperationsSettings = {
  metricsToken: undefined,
  // A load balancer's probe runs every few seconds: half a minute behind is a backlog, not a blip.
  readyMaxLagSeconds: 30,
  readyMaxLagEvents: null,
}
