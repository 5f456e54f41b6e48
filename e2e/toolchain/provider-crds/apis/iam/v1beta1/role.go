package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// RoleParameters are the settings the compute-foundation composition sets. IAM is global: no region.
type RoleParameters struct {
	// Policy that grants an entity permission to assume the role, as JSON.
	// +optional
	AssumeRolePolicy *string `json:"assumeRolePolicy,omitempty"`
	// Description of the role.
	// +optional
	Description *string `json:"description,omitempty"`
	// Maximum session duration (in seconds) that you want to set for the specified role.
	// +optional
	MaxSessionDuration *float64 `json:"maxSessionDuration,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// RoleObservation is what the provider reports.
type RoleObservation struct {
	// Amazon Resource Name (ARN) specifying the role.
	Arn *string `json:"arn,omitempty"`
	// Name of the role.
	ID *string `json:"id,omitempty"`
	// Stable and unique string identifying the role.
	UniqueID *string `json:"uniqueId,omitempty"`
}

// RoleSpec defines the desired state of Role.
type RoleSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                RoleParameters `json:"forProvider"`
}

// RoleStatus defines the observed state of Role.
type RoleStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   RoleObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Role is the Schema for the Roles API. Provides an IAM role.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Role struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              RoleSpec   `json:"spec"`
	Status            RoleStatus `json:"status,omitempty"`
}
