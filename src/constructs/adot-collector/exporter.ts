import { COLLECTOR_EXPORT_TIMEOUT_SECONDS } from '../../shutdown-budget.js';
import type { CollectorConfig } from './collector-config.js';

type Exporters = CollectorConfig['exporters'];
type Extensions = Pick<CollectorConfig['extensions'], 'sigv4auth'>;

/** What an exporter choice contributes to the collector config. */
export interface ExporterParts {
  readonly exporters: Exporters;
  readonly extensions: Extensions;
  readonly exporterNames: readonly string[];
  readonly extensionNames: readonly string[];
}

/**
 * Where the collector sends traces. A value class rather than a loose string so each choice
 * carries the settings it needs.
 */
export abstract class CollectorExporter {
  /**
   * The `awsxray` exporter (PutTraceSegments). `indexedAttributes` become X-Ray annotations,
   * which are searchable in filter expressions; everything else lands in metadata.
   * @see https://github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/exporter/awsxrayexporter
   */
  static awsXray(
    options: { readonly indexedAttributes?: readonly string[] } = {},
  ): CollectorExporter {
    return new AwsXrayExporter(options.indexedAttributes ?? []);
  }

  /**
   * `otlp_http` signed by the `sigv4auth` extension, sending to the X-Ray OTLP endpoint
   * (AWS's recommended path; needs CloudWatch Transaction Search enabled in the account).
   * Annotations are indexed by Transaction Search, so there is no `indexed_attributes` here.
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-OTLPEndpoint.html
   */
  static xrayOtlpEndpoint(): CollectorExporter {
    return new XrayOtlpExporter();
  }

  abstract readonly kind: 'awsxray' | 'xray-otlp';
  abstract parts(region: string): ExporterParts;
}

class AwsXrayExporter extends CollectorExporter {
  readonly kind = 'awsxray' as const;
  constructor(private readonly indexedAttributes: readonly string[]) {
    super();
  }
  parts(region: string): ExporterParts {
    return {
      exporters: { awsxray: { region, indexed_attributes: [...this.indexedAttributes] } },
      extensions: {},
      exporterNames: ['awsxray'],
      extensionNames: [],
    };
  }
}

class XrayOtlpExporter extends CollectorExporter {
  readonly kind = 'xray-otlp' as const;
  parts(region: string): ExporterParts {
    return {
      exporters: {
        // The component's type is otlp_http at v0.156.0; otlphttp is a deprecated alias that
        // logs a warning at start (exporter/otlphttpexporter, internal/metadata).
        otlp_http: {
          traces_endpoint: `https://xray.${region}.amazonaws.com/v1/traces`,
          auth: { authenticator: 'sigv4auth' },
          // Its client default is 30 s; the shutdown budget allows one bounded export.
          timeout: `${COLLECTOR_EXPORT_TIMEOUT_SECONDS}s`,
        },
      },
      extensions: { sigv4auth: { region, service: 'xray' } },
      exporterNames: ['otlp_http'],
      extensionNames: ['sigv4auth'],
    };
  }
}
