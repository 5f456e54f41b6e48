package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// RouteTableParameters are the settings the network-foundation composition sets.
type RouteTableParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// The VPC ID.
	// +optional
	VPCID *string `json:"vpcId,omitempty"`
	// Reference to populate vpcId.
	// +optional
	VPCIDRef *common.NamespacedReference `json:"vpcIdRef,omitempty"`
	// Selector to populate vpcId.
	// +optional
	VPCIDSelector *common.NamespacedSelector `json:"vpcIdSelector,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// RouteTableObservation is what the provider reports.
type RouteTableObservation struct {
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
	// The ARN of the resource.
	Arn *string `json:"arn,omitempty"`
}

// RouteTableSpec defines the desired state of RouteTable.
type RouteTableSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                RouteTableParameters `json:"forProvider"`
}

// RouteTableStatus defines the observed state of RouteTable.
type RouteTableStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   RouteTableObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// RouteTable is the Schema for the RouteTables API. Provides a resource to create a VPC routing table.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type RouteTable struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              RouteTableSpec   `json:"spec"`
	Status            RouteTableStatus `json:"status,omitempty"`
}
