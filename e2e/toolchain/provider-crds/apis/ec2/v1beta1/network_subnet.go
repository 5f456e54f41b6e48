package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// SubnetParameters are the settings the network-foundation composition sets.
type SubnetParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// AZ for the subnet.
	// +optional
	AvailabilityZone *string `json:"availabilityZone,omitempty"`
	// The IPv4 CIDR block for the subnet.
	// +optional
	CidrBlock *string `json:"cidrBlock,omitempty"`
	// Specify true to indicate that instances launched into the subnet should be assigned a public IP address.
	// +optional
	MapPublicIPOnLaunch *bool `json:"mapPublicIpOnLaunch,omitempty"`
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

// SubnetObservation is what the provider reports.
type SubnetObservation struct {
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
	// The ARN of the resource.
	Arn *string `json:"arn,omitempty"`
}

// SubnetSpec defines the desired state of Subnet.
type SubnetSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                SubnetParameters `json:"forProvider"`
}

// SubnetStatus defines the observed state of Subnet.
type SubnetStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   SubnetObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Subnet is the Schema for the Subnets API. Provides an VPC subnet resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Subnet struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              SubnetSpec   `json:"spec"`
	Status            SubnetStatus `json:"status,omitempty"`
}
