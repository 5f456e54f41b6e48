package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// NATGatewayParameters are the settings the network-foundation composition sets.
type NATGatewayParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// The Allocation ID of the Elastic IP address for the NAT Gateway.
	// +optional
	AllocationID *string `json:"allocationId,omitempty"`
	// Reference to populate allocationId.
	// +optional
	AllocationIDRef *common.NamespacedReference `json:"allocationIdRef,omitempty"`
	// Selector to populate allocationId.
	// +optional
	AllocationIDSelector *common.NamespacedSelector `json:"allocationIdSelector,omitempty"`
	// Connectivity type for the NAT Gateway. Valid values are private and public.
	// +optional
	ConnectivityType *string `json:"connectivityType,omitempty"`
	// The Subnet ID of the subnet in which to place the NAT Gateway.
	// +optional
	SubnetID *string `json:"subnetId,omitempty"`
	// Reference to populate subnetId.
	// +optional
	SubnetIDRef *common.NamespacedReference `json:"subnetIdRef,omitempty"`
	// Selector to populate subnetId.
	// +optional
	SubnetIDSelector *common.NamespacedSelector `json:"subnetIdSelector,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// NATGatewayObservation is what the provider reports.
type NATGatewayObservation struct {
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
	// The public IP address.
	PublicIP *string `json:"publicIp,omitempty"`
}

// NATGatewaySpec defines the desired state of NATGateway.
type NATGatewaySpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                NATGatewayParameters `json:"forProvider"`
}

// NATGatewayStatus defines the observed state of NATGateway.
type NATGatewayStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   NATGatewayObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// NATGateway is the Schema for the NATGateways API. Provides a resource to create a VPC NAT Gateway.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type NATGateway struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              NATGatewaySpec   `json:"spec"`
	Status            NATGatewayStatus `json:"status,omitempty"`
}
