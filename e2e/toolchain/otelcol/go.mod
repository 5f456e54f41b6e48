module dhakacart.local/otelcol

go 1.26

// The OpenTelemetry Collector's core (go.opentelemetry.io/collector v0.165.0 / v1.71.0) and the contrib
// components of the same release (v0.165.1). k8sattributesprocessor is v1.3.1 (release v0.164.1) with the
// contrib internals of v0.165.1: v1.4.x imports go.opentelemetry.io/otel/semconv/v1.44.0, only in an
// untagged otel commit the module proxy does not serve, so otel stays at the tagged v1.47.0 (replace below).
require (
	github.com/open-telemetry/opentelemetry-collector-contrib/extension/healthcheckextension v0.165.1
	github.com/open-telemetry/opentelemetry-collector-contrib/extension/sigv4authextension v0.165.1
	github.com/open-telemetry/opentelemetry-collector-contrib/exporter/fileexporter v0.165.1
	github.com/open-telemetry/opentelemetry-collector-contrib/internal/k8sconfig v0.165.1
	github.com/open-telemetry/opentelemetry-collector-contrib/internal/kubelet v0.165.1
	github.com/open-telemetry/opentelemetry-collector-contrib/processor/k8sattributesprocessor v1.3.1
	github.com/open-telemetry/opentelemetry-collector-contrib/receiver/filelogreceiver v0.165.1
	go.opentelemetry.io/collector/component v1.71.0
	go.opentelemetry.io/collector/confmap v1.71.0
	go.opentelemetry.io/collector/confmap/provider/envprovider v1.71.0
	go.opentelemetry.io/collector/confmap/provider/fileprovider v1.71.0
	go.opentelemetry.io/collector/exporter v1.71.0
	go.opentelemetry.io/collector/exporter/otlphttpexporter v0.165.0
	go.opentelemetry.io/collector/extension v1.71.0
	go.opentelemetry.io/collector/otelcol v0.165.0
	go.opentelemetry.io/collector/processor v1.71.0
	go.opentelemetry.io/collector/processor/batchprocessor v0.165.0
	go.opentelemetry.io/collector/receiver v1.71.0
	go.opentelemetry.io/collector/service v0.165.0
)

replace (
	go.opentelemetry.io/otel => go.opentelemetry.io/otel v1.47.0
	go.opentelemetry.io/otel/metric => go.opentelemetry.io/otel/metric v1.47.0
	go.opentelemetry.io/otel/sdk => go.opentelemetry.io/otel/sdk v1.47.0
	go.opentelemetry.io/otel/sdk/metric => go.opentelemetry.io/otel/sdk/metric v1.47.0
	go.opentelemetry.io/otel/trace => go.opentelemetry.io/otel/trace v1.47.0
)
