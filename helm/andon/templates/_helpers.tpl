{{/* Names and labels. */}}
{{- define "andon.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "andon.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "andon.selectorLabels" -}}
app.kubernetes.io/name: {{ include "andon.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "andon.labels" -}}
{{ include "andon.selectorLabels" . }}
app.kubernetes.io/part-of: andon
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Labels of one service's objects. Call with (dict "root" $ "name" $name). */}}
{{- define "andon.componentSelectorLabels" -}}
{{ include "andon.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "andon.componentLabels" -}}
{{ include "andon.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "andon.componentName" -}}
{{- printf "%s-%s" (include "andon.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "andon.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "andon.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "andon.image" -}}
{{- $image := .root.Values.image -}}
{{- printf "%s/%s%s:%s" $image.registry $image.repositoryPrefix .name (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* Services that are switched on, as a sorted list of names. */}}
{{- define "andon.enabledServices" -}}
{{- $names := list -}}
{{- range $name, $svc := .Values.services -}}
{{- if $svc.enabled -}}{{- $names = append $names $name -}}{{- end -}}
{{- end -}}
{{- toJson (sortAlpha $names) -}}
{{- end -}}

{{/*
Secret groups. A group with `data` is rendered by the chart; otherwise its existingSecret
is used. Returns the Secret name, failing when a service needs a group that has neither.
Call with (dict "root" $ "group" $group "service" $name).
*/}}
{{- define "andon.secretGroupName" -}}
{{- $group := index .root.Values.secrets .group -}}
{{- if not $group -}}
{{- fail (printf "services.%s.secrets: unknown secret group %q (known: %s)" .service .group (keys .root.Values.secrets | sortAlpha | join ", ")) -}}
{{- end -}}
{{- if $group.data -}}
{{- printf "%s-%s" (include "andon.fullname" .root) (kebabcase .group) -}}
{{- else if and $group.existingSecret $group.perService -}}
{{- printf "%s-%s" $group.existingSecret .service -}}
{{- else if $group.existingSecret -}}
{{- $group.existingSecret -}}
{{- else -}}
{{- fail (printf "secrets.%s: service %s needs it; set secrets.%s.existingSecret (recommended) or secrets.%s.data" .group .service .group .group) -}}
{{- end -}}
{{- end -}}

{{/*
ConfigMap file sets. Keys are the file paths under files/<dir>/ with "/" turned into
"__" (ConfigMap keys cannot hold "/"); the volume's items restore the folders.
*/}}
{{- define "andon.configFilesGlob" -}}
{{- printf "files/%s/**" .set.dir -}}
{{- end -}}

{{- define "andon.configFileKey" -}}
{{- . | replace "/" "__" -}}
{{- end -}}

{{- define "andon.configMapName" -}}
{{- $set := index .root.Values.configFiles .set -}}
{{- if $set.existingConfigMap -}}
{{- $set.existingConfigMap -}}
{{- else -}}
{{- printf "%s-%s" (include "andon.fullname" .root) (kebabcase .set) -}}
{{- end -}}
{{- end -}}

{{/* Fails unless a file set a service mounts has content. Call with (dict "root" $ "set" $setName "service" $name). */}}
{{- define "andon.requireConfigFiles" -}}
{{- $set := index .root.Values.configFiles .set -}}
{{- if not $set -}}
{{- fail (printf "services.%s.configFiles: unknown set %q (known: %s)" .service .set (keys .root.Values.configFiles | sortAlpha | join ", ")) -}}
{{- end -}}
{{- if and (not $set.existingConfigMap) (eq (len (.root.Files.Glob (include "andon.configFilesGlob" (dict "set" $set)))) 0) -}}
{{- fail (printf "configFiles.%s: service %s mounts it but helm/andon/files/%s/ is empty; run tools/build-service/sync-chart-files.sh or set configFiles.%s.existingConfigMap" .set .service $set.dir .set) -}}
{{- end -}}
{{- end -}}

{{/* Set names mounted by at least one enabled service, sorted. */}}
{{- define "andon.usedConfigFileSets" -}}
{{- $used := dict -}}
{{- range $name, $svc := .Values.services -}}
{{- if $svc.enabled -}}
{{- range $svc.configFiles -}}{{- $_ := set $used . true -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson (keys $used | sortAlpha) -}}
{{- end -}}

{{/* IPv4 arithmetic for the MES carve-out. "a.b.c.d" -> integer. */}}
{{- define "andon.ipv4ToInt" -}}
{{- $o := splitList "." . -}}
{{- add (mul (atoi (index $o 0)) 16777216) (mul (atoi (index $o 1)) 65536) (mul (atoi (index $o 2)) 256) (atoi (index $o 3)) -}}
{{- end -}}

{{/* Network address of a CIDR as an integer: the address with host bits cleared. */}}
{{- define "andon.cidrBase" -}}
{{- $parts := splitList "/" . -}}
{{- $ip := include "andon.ipv4ToInt" (index $parts 0) | atoi -}}
{{- $size := 1 -}}
{{- range until (sub 32 (atoi (index $parts 1)) | int) -}}{{- $size = mul $size 2 -}}{{- end -}}
{{- mul (div $ip $size) $size -}}
{{- end -}}

{{/* "true" when CIDR .outer contains CIDR .inner (IPv4). */}}
{{- define "andon.cidrContains" -}}
{{- $outerPrefix := atoi (index (splitList "/" .outer) 1) -}}
{{- $innerPrefix := atoi (index (splitList "/" .inner) 1) -}}
{{- if le $outerPrefix $innerPrefix -}}
{{- $outerBase := include "andon.cidrBase" .outer | atoi -}}
{{- $innerAsOuter := include "andon.cidrBase" (printf "%s/%d" (index (splitList "/" .inner) 0) $outerPrefix) | atoi -}}
{{- if eq $outerBase $innerAsOuter -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{/* Largest partition count among a list of topic names; fails on an unknown topic. */}}
{{- define "andon.maxPartitions" -}}
{{- $max := 0 -}}
{{- range $topic := .topics -}}
{{- $found := false -}}
{{- range $.root.Values.topics -}}
{{- if eq .name $topic -}}
{{- $found = true -}}
{{- if gt (int .partitions) $max -}}{{- $max = int .partitions -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- if not $found -}}
{{- fail (printf "services.%s.autoscaling.consumedTopics: %q is not in topics" $.service $topic) -}}
{{- end -}}
{{- end -}}
{{- $max -}}
{{- end -}}

{{/* data: of the ConfigMap built from one file set. Call with (dict "root" $ "set" $setValues). */}}
{{- define "andon.configMapData" -}}
{{- $data := dict -}}
{{- range $path, $_ := .root.Files.Glob (include "andon.configFilesGlob" (dict "set" .set)) -}}
{{- $_ := set $data (include "andon.configFileKey" (trimPrefix (printf "files/%s/" $.set.dir) $path)) ($.root.Files.Get $path) -}}
{{- end -}}
{{- toYaml $data -}}
{{- end -}}
