/** A Kubernetes resource quantity (`500m`, `4`, `8Gi`, `1e3`): the API server refuses anything else. */
export const QUANTITY_PATTERN =
  /^(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** What a quantity must look like, said where one is refused. */
export const QUANTITY_EXPECTATION =
  'a Kubernetes quantity such as 500m, 4 or 8Gi';
