package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// InternetGatewayParameters are the settings the network-foundation composition sets.
type InternetGatewayParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// The VPC ID to create in.
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

// InternetGatewayObservation is what the provider reports.
type InternetGatewayObservation struct {
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
	// The ARN of the resource.
	Arn *string `json:"arn,omitempty"`
}

// InternetGatewaySpec defines the desired state of InternetGateway.
type InternetGatewaySpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                InternetGatewayParameters `json:"forProvider"`
}

// InternetGatewayStatus defines the observed state of InternetGateway.
type InternetGatewayStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   InternetGatewayObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// InternetGateway is the Schema for the InternetGateways API. Provides a resource to create a VPC Internet Gateway.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type InternetGateway struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              InternetGatewaySpec   `json:"spec"`
	Status            InternetGatewayStatus `json:"status,omitempty"`
}
