package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// VPCParameters are the settings the network-foundation composition sets.
type VPCParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// The IPv4 CIDR block for the VPC.
	// +optional
	CidrBlock *string `json:"cidrBlock,omitempty"`
	// A boolean flag to enable/disable DNS hostnames in the VPC.
	// +optional
	EnableDNSHostnames *bool `json:"enableDnsHostnames,omitempty"`
	// A boolean flag to enable/disable DNS support in the VPC.
	// +optional
	EnableDNSSupport *bool `json:"enableDnsSupport,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// VPCObservation is what the provider reports.
type VPCObservation struct {
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
	// The ARN of the resource.
	Arn *string `json:"arn,omitempty"`
}

// VPCSpec defines the desired state of VPC.
type VPCSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                VPCParameters `json:"forProvider"`
}

// VPCStatus defines the observed state of VPC.
type VPCStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   VPCObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// VPC is the Schema for the VPCs API. Provides a VPC resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type VPC struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              VPCSpec   `json:"spec"`
	Status            VPCStatus `json:"status,omitempty"`
}
