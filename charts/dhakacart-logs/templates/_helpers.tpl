{{- define "dhakacart-logs.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "dhakacart-logs.labels" -}}
app.kubernetes.io/name: dhakacart-logs
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: log-collector
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "dhakacart-logs.selector" -}}
app.kubernetes.io/name: dhakacart-logs
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
