/**
 * X-Ray sampling rules (GetSamplingRules' shape, as the preview serves them) under which the
 * task service's `GET /tasks` is always traced and nothing else ever is: unlike the service's
 * local fallback (1/s + 5 %) in every way, so a test can tell which one decided.
 */
export const LIST_TASKS_ONLY_RULES = JSON.stringify({
  SamplingRules: [
    {
      RuleName: 'list-tasks',
      Priority: 1,
      FixedRate: 1,
      ReservoirSize: 0,
      ServiceName: 'task-service',
      HTTPMethod: 'GET',
      URLPath: '/tasks',
    },
    { RuleName: 'Default', FixedRate: 0, ReservoirSize: 0 },
  ],
});
