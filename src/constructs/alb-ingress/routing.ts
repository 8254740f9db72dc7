import type * as kplus from 'cdk8s-plus-28';

/**
 * What an AlbIngress sends traffic to: a Service port in a namespace, and what the ALB health
 * check asks each target. SecureWorkload and CollectorService each provide one, so an Ingress
 * takes the object instead of a Service name and port typed again.
 */
export interface AlbBackend {
  /** Namespace of the Service; an Ingress can only route to Services in its own namespace. */
  readonly namespace: string;
  readonly service: kplus.Service;
  /** Service port the ALB forwards to. */
  readonly port: number;
  readonly healthCheck: {
    /** Path the ALB health check requests. */
    readonly path: string;
    /** Pod port the health check targets. @default the traffic port */
    readonly port?: number;
  };
}

/** HTTP methods an ALB listener rule can match on. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** Which requests of a host reach the backend. Everything else gets a 404 from the ALB itself. */
export class AlbRoute {
  /** Every path and method of the host. */
  static allPaths(): AlbRoute {
    return new AlbRoute('/', 'Prefix', []);
  }

  /**
   * One exact path, with only the listed methods (an ALB rule matches at most three values per
   * condition). Any other path or method of the host is answered 404 by the ALB.
   * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#conditions
   */
  static exactPath(path: string, methods: readonly HttpMethod[]): AlbRoute {
    return new AlbRoute(path, 'Exact', [...methods]);
  }

  private constructor(
    readonly path: string,
    readonly pathType: 'Prefix' | 'Exact',
    /** Empty means any method. */
    readonly methods: readonly HttpMethod[],
  ) {}

  /** True when the ALB must answer some requests of the host itself. */
  get restricted(): boolean {
    return this.pathType === 'Exact' || this.methods.length > 0;
  }
}

/**
 * The WAF web ACL of the load balancer behind an Ingress. An ALB has one ACL: in an IngressGroup
 * the annotation is exclusive, so at most one Ingress of the group may carry it, and it applies
 * to every host on that ALB.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#wafv2-acl-arn
 */
export class AlbWaf {
  /** Associate this regional WAFv2 web ACL. */
  static webAcl(arn: string): AlbWaf {
    return new AlbWaf(arn);
  }

  /**
   * Remove any association. An Ingress without the annotation leaves the ALB's ACL as it is, so
   * turning the ACL off must say so explicitly, or the old ACL stays attached.
   */
  static none(): AlbWaf {
    return new AlbWaf('none');
  }

  private constructor(
    /** Value of `alb.ingress.kubernetes.io/wafv2-acl-arn`. */
    readonly annotationValue: string,
  ) {}
}
