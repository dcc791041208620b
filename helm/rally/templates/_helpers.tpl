{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "rally.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; component names are appended, so it stays within 40 characters. */}}
{{- define "rally.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else if contains (include "rally.name" .) .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "rally.name" .) | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "rally.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object; call with (dict "root" $ "component" "gate"). */}}
{{- define "rally.labels" -}}
helm.sh/chart: {{ include "rally.chart" .root }}
{{ include "rally.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: rally
{{- end }}

{{- define "rally.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rally.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Image reference of a Rally service; call with (dict "root" $ "image" .Values.gate.image). */}}
{{- define "rally.image" -}}
{{- printf "%s%s:%s" .root.Values.image.registry .image.repository (default .root.Chart.AppVersion (default .root.Values.image.tag .image.tag)) }}
{{- end }}

{{- define "rally.consulHost" -}}
{{- if .Values.consul.deploy }}{{ include "rally.fullname" . }}-consul{{ else }}{{ required "consul.host is required" .Values.consul.host }}{{ end }}
{{- end }}

{{- define "rally.redisHost" -}}
{{- if .Values.redis.deploy }}{{ include "rally.fullname" . }}-redis{{ else }}{{ required "redis.host is required" .Values.redis.host }}{{ end }}
{{- end }}

{{/* Spring properties every Rally service shares, as YAML (a flat map). */}}
{{- define "rally.commonProperties" -}}
rally.mode: cluster
rally.cluster.registry: {{ .Values.cluster.registry | quote }}
spring.cloud.consul.host: {{ include "rally.consulHost" . | quote }}
spring.cloud.consul.port: {{ .Values.consul.port | quote }}
spring.data.redis.host: {{ include "rally.redisHost" . | quote }}
spring.data.redis.port: {{ .Values.redis.port | quote }}
rally.cluster.grpc.port: {{ .Values.cluster.grpcPort | quote }}
management.server.port: {{ .Values.management.port | quote }}
{{- /* the same port: the actuator then lives in the application's own HTTP server, which stops
       after the drain (a separate management server would stop when the drain begins) */}}
server.port: {{ .Values.management.port | quote }}
management.endpoints.web.exposure.include: "health,prometheus"
management.endpoint.health.probes.enabled: "true"
{{- if .Values.cluster.tls.enabled }}
rally.cluster.grpc.ssl.bundle: links
spring.ssl.bundle.pem.links.keystore.certificate: /etc/rally/tls/tls.crt
spring.ssl.bundle.pem.links.keystore.private-key: /etc/rally/tls/tls.key
spring.ssl.bundle.pem.links.truststore.certificate: /etc/rally/tls/ca.crt
spring.ssl.bundle.pem.links.reload-on-update: "true"
{{- end }}
{{- end }}

{{/* "true" when the link certificate comes from cert-manager (cluster.tls.certManager). */}}
{{- define "rally.tlsCertManager" -}}
{{- $mode := toString .Values.cluster.tls.certManager }}
{{- if eq $mode "auto" }}{{ .Capabilities.APIVersions.Has "cert-manager.io/v1" }}{{ else }}{{ eq $mode "true" }}{{ end }}
{{- end }}

{{/* The Secret holding the links' tls.crt, tls.key and ca.crt. */}}
{{- define "rally.tlsSecret" -}}
{{- if .Values.cluster.tls.existingSecret }}{{ .Values.cluster.tls.existingSecret }}{{ else }}{{ include "rally.fullname" . }}-links-tls{{ end }}
{{- end }}

{{/* application.properties from the common properties and the given maps, later maps winning;
     call with (dict "root" $ "maps" (list .Values.gate.properties)). */}}
{{- define "rally.applicationProperties" -}}
{{- $props := fromYaml (include "rally.commonProperties" .root) }}
{{- range .maps }}
{{- $props = mergeOverwrite $props (default (dict) .) }}
{{- end }}
{{- range $key := keys $props | sortAlpha }}
{{ $key }}={{ index $props $key }}
{{- end }}
{{- end }}

{{/* Environment of every Rally container: pod IP as the advertised gRPC host, config location, Redis password. */}}
{{- define "rally.commonEnv" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: RALLY_CLUSTER_GRPC_ADVERTISED_HOST
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: SPRING_CONFIG_ADDITIONAL_LOCATION
  value: optional:file:/config/
{{- if .Values.redis.existingSecret }}
- name: SPRING_DATA_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret }}
      key: {{ .Values.redis.existingSecretPasswordKey }}
{{- end }}
{{- end }}

{{/* Extra env from a name: value map. */}}
{{- define "rally.extraEnv" -}}
{{- range $name := keys . | sortAlpha }}
- name: {{ $name }}
  value: {{ index $ $name | toString | quote }}
{{- end }}
{{- end }}

{{/* Startup, liveness and readiness probes on the actuator's health groups. */}}
{{- define "rally.probes" -}}
{{- with .Values.probes }}
startupProbe:
  httpGet:
    path: {{ .startup.path }}
    port: management
  periodSeconds: {{ .startup.periodSeconds }}
  failureThreshold: {{ .startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: {{ .liveness.path }}
    port: management
  periodSeconds: {{ .liveness.periodSeconds }}
  timeoutSeconds: {{ .liveness.timeoutSeconds }}
  failureThreshold: {{ .liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: {{ .readiness.path }}
    port: management
  periodSeconds: {{ .readiness.periodSeconds }}
  timeoutSeconds: {{ .readiness.timeoutSeconds }}
  failureThreshold: {{ .readiness.failureThreshold }}
{{- end }}
{{- end }}

{{/* Pod annotations: Prometheus scrape hints and a config checksum that rolls pods on changes;
     call with (dict "root" $ "extra" .Values.gate.podAnnotations). */}}
{{- define "rally.podAnnotations" -}}
checksum/config: {{ include (print .root.Template.BasePath "/configmaps.yaml") .root | sha256sum }}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .root.Values.management.port | quote }}
prometheus.io/path: /actuator/prometheus
{{- end }}
{{- with .extra }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels every Rally pod carries, so that one metrics Service selects them all. */}}
{{- define "rally.metricsLabel" -}}
rally.io/metrics: "true"
{{- end }}

{{/* Volumes of a Rally pod; call with (dict "root" $ "name" <ConfigMap name>). */}}
{{- define "rally.volumes" -}}
- name: config
  configMap:
    name: {{ .name }}
- name: tmp
  emptyDir: {}
{{- if .root.Values.cluster.tls.enabled }}
- name: links-tls
  secret:
    secretName: {{ include "rally.tlsSecret" .root }}
    defaultMode: 0440
{{- end }}
{{- end }}

{{- define "rally.volumeMounts" -}}
- name: config
  mountPath: /config
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- if .Values.cluster.tls.enabled }}
- name: links-tls
  mountPath: /etc/rally/tls
  readOnly: true
{{- end }}
{{- end }}

{{/* Scheduling fields from a map holding nodeSelector, tolerations and affinity. */}}
{{- define "rally.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
