package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// ProviderConfigSpec says how the provider authenticates to AWS.
type ProviderConfigSpec struct {
	// Credentials required to authenticate to this provider.
	Credentials ProviderCredentials `json:"credentials"`
	// AssumeRoleChain defines the options for assuming an IAM role.
	// +optional
	AssumeRoleChain []AssumeRoleOptions `json:"assumeRoleChain,omitempty"`
}

// ProviderCredentials is where the credentials come from.
type ProviderCredentials struct {
	// Source of the provider credentials.
	// +kubebuilder:validation:Enum=None;Secret;IRSA;WebIdentity;PodIdentity;Upbound
	Source string `json:"source"`
	// A SecretRef is a reference to a secret key that contains the credentials that must be used to connect to the provider.
	// +optional
	SecretRef *SecretKeySelector `json:"secretRef,omitempty"`
	// WebIdentity defines the options for assuming an IAM role with a Web Identity.
	// +optional
	WebIdentity *AssumeRoleWithWebIdentityOptions `json:"webIdentity,omitempty"`
}

// SecretKeySelector selects a key of a Secret in any namespace.
type SecretKeySelector struct {
	// Name of the secret.
	Name string `json:"name"`
	// Namespace of the secret.
	Namespace string `json:"namespace"`
	// The key to select.
	Key string `json:"key"`
}

// AssumeRoleOptions is one role assumed in a chain.
type AssumeRoleOptions struct {
	// AssumeRoleARN to assume with provider credentials.
	// +optional
	RoleARN *string `json:"roleARN,omitempty"`
	// ExternalID is the external ID used when assuming role.
	// +optional
	ExternalID *string `json:"externalID,omitempty"`
}

// AssumeRoleWithWebIdentityOptions is how a web identity is exchanged for a role.
type AssumeRoleWithWebIdentityOptions struct {
	// AssumeRoleARN to assume with provider credentials.
	// +optional
	RoleARN *string `json:"roleARN,omitempty"`
	// RoleSessionName is the session name, if you wish to uniquely identify this session.
	// +optional
	RoleSessionName string `json:"roleSessionName,omitempty"`
}

// ProviderConfigStatus is the observed state of a ProviderConfig.
type ProviderConfigStatus struct {
	// Conditions of the resource.
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []common.Condition `json:"conditions,omitempty"`
	// Users of this provider configuration.
	// +optional
	Users int64 `json:"users,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:printcolumn:name="SECRET-NAME",type="string",JSONPath=".spec.credentials.secretRef.name",priority=1
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,provider,aws}

// A ProviderConfig configures the AWS provider for managed resources in its namespace.
type ProviderConfig struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ProviderConfigSpec   `json:"spec"`
	Status            ProviderConfigStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:printcolumn:name="SECRET-NAME",type="string",JSONPath=".spec.credentials.secretRef.name",priority=1
// +kubebuilder:resource:scope=Cluster,categories={crossplane,provider,aws}

// A ClusterProviderConfig configures the AWS provider for managed resources in every namespace.
type ClusterProviderConfig struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ProviderConfigSpec   `json:"spec"`
	Status            ProviderConfigStatus `json:"status,omitempty"`
}
