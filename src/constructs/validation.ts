/**
 * Checks shared by the constructs and the config schema, so a value is judged the same way
 * wherever it enters. Each returns a problem description, or undefined when the value is fine.
 */

/** AWS region, including partitions such as us-gov-west-1 and cn-north-1. */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** arn:<partition>:iam::<12-digit account>:role/<optional path/><name> */
export const IAM_ROLE_ARN_PATTERN =
  /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** Kubernetes object names that must be DNS-1123 labels (namespaces, services). */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Lower-case DNS host name with at least one dot. */
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Thrown by constructs for invalid props; the message names the prop, the value and the fix. */
export class InvalidPropError extends Error {
  override readonly name = 'InvalidPropError';
  constructor(construct: string, prop: string, value: unknown, problemAndFix: string) {
    super(`${construct}: props.${prop} is ${JSON.stringify(value)}. ${problemAndFix}`);
  }
}

export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > 63) return 'It is longer than 63 characters; shorten it.';
  if (!DNS_1123_LABEL.test(value)) {
    return 'It must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit.';
  }
  return undefined;
}

export function hostNameProblem(value: string): string | undefined {
  if (value.includes('://') || value.includes('/')) {
    return `It must be a bare host name without scheme or path, e.g. "${value.replace(/^[a-z]+:\/\//, '').split('/')[0] ?? 'api.example.com'}".`;
  }
  if (!HOST_NAME.test(value)) {
    return 'It must be a lower-case DNS name such as "api.example.com".';
  }
  return undefined;
}

export function roleArnProblem(value: string): string | undefined {
  if (IAM_ROLE_ARN_PATTERN.test(value)) return undefined;
  return 'It must be an IAM role ARN like "arn:aws:iam::123456789012:role/task-service" (partitions aws, aws-cn, aws-us-gov). Take it from `terraform output -json` (task_service_role_arn / web_collector_role_arn).';
}

/** arn:<partition>:acm:<region>:<12-digit account>:certificate/<uuid> */
const ACM_CERTIFICATE_ARN_PATTERN =
  /^arn:aws(-cn|-us-gov)?:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;

export function certificateArnProblem(value: string): string | undefined {
  if (ACM_CERTIFICATE_ARN_PATTERN.test(value)) return undefined;
  return 'It must be an ACM certificate ARN like "arn:aws:acm:us-east-1:123456789012:certificate/<uuid>", or unset to let the AWS Load Balancer Controller discover one for the host.';
}

/** Region of a valid ACM certificate ARN (an ALB can only use a certificate from its own region). */
export function certificateArnRegion(value: string): string | undefined {
  return ACM_CERTIFICATE_ARN_PATTERN.exec(value)?.[2];
}

/** name[:tag] or name@sha256:<digest>; the tag is on the last path segment (a registry port is not a tag). */
const IMAGE_REFERENCE = /^[^\s@]+(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;

/** Images must be pinned: an untagged or :latest image makes rollouts unreproducible. */
export function pinnedImageProblem(value: string): string | undefined {
  const last = value.split('/').pop() ?? '';
  const pinned =
    IMAGE_REFERENCE.test(value) &&
    (last.includes(':') || last.includes('@')) &&
    !last.endsWith(':latest');
  if (pinned) return undefined;
  return 'Pin the image to a version tag or digest (e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/task-service:0.1.0"); an untagged or :latest image makes rollouts unreproducible.';
}

export function regionProblem(value: string): string | undefined {
  if (AWS_REGION_PATTERN.test(value)) return undefined;
  return 'It must be an AWS region code such as "us-east-1"; the same region as the EKS cluster and the X-Ray data.';
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * A browser Origin the collector may accept spans from. Exact `https://` origins only, or
 * `http://localhost:<port>` for development. A `*` would let any web page write into the
 * account's X-Ray data.
 */
export function corsOriginProblem(value: string): string | undefined {
  const example =
    'List exact origins such as "https://app.example.com" (or "http://localhost:5173" for development).';
  if (value.includes('*')) {
    return `Wildcards are refused: any web page could then send spans into your X-Ray account. ${example}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `It is not a URL origin. ${example}`;
  }
  if (url.origin !== value) {
    return `It must be an origin exactly as browsers send it (scheme://host[:port], no path or trailing slash): use "${url.origin}".`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname) && url.port !== '')
    return undefined;
  return `Only https:// origins are allowed, plus http://localhost:<port> for development. ${example}`;
}

/** arn:<partition>:wafv2:<region>:<12-digit account>:regional/webacl/<name>/<id> */
const WAF_ACL_ARN_PATTERN =
  /^arn:aws(-cn|-us-gov)?:wafv2:([a-z0-9-]+):\d{12}:regional\/webacl\/[\w-]{1,128}\/[0-9a-f-]{36}$/;

export function wafAclArnProblem(value: string): string | undefined {
  if (WAF_ACL_ARN_PATTERN.test(value)) return undefined;
  return 'It must be a regional WAFv2 web ACL ARN like "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/<name>/<id>" (an ALB takes only regional ACLs). Take it from `terraform output -json` (web_collector_waf_acl_arn).';
}

/** Region of a valid WAFv2 web ACL ARN (an ALB can only use an ACL from its own region). */
export function wafAclArnRegion(value: string): string | undefined {
  return WAF_ACL_ARN_PATTERN.exec(value)?.[2];
}
