package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// EIPParameters are the settings the network-foundation composition sets.
type EIPParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Indicates if this EIP is for use in VPC (vpc).
	// +optional
	Domain *string `json:"domain,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// EIPObservation is what the provider reports.
type EIPObservation struct {
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
	// ID that AWS assigns to represent the allocation of the Elastic IP address.
	AllocationID *string `json:"allocationId,omitempty"`
	// Contains the public IP address.
	PublicIP *string `json:"publicIp,omitempty"`
}

// EIPSpec defines the desired state of EIP.
type EIPSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                EIPParameters `json:"forProvider"`
}

// EIPStatus defines the observed state of EIP.
type EIPStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   EIPObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// EIP is the Schema for the EIPs API. Provides an Elastic IP resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type EIP struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              EIPSpec   `json:"spec"`
	Status            EIPStatus `json:"status,omitempty"`
}
