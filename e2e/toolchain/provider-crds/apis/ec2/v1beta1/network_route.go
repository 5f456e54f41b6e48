package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// RouteParameters are the settings the network-foundation composition sets.
type RouteParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// The destination CIDR block.
	// +optional
	DestinationCidrBlock *string `json:"destinationCidrBlock,omitempty"`
	// Identifier of a VPC internet gateway or a virtual private gateway.
	// +optional
	GatewayID *string `json:"gatewayId,omitempty"`
	// Reference to populate gatewayId.
	// +optional
	GatewayIDRef *common.NamespacedReference `json:"gatewayIdRef,omitempty"`
	// Selector to populate gatewayId.
	// +optional
	GatewayIDSelector *common.NamespacedSelector `json:"gatewayIdSelector,omitempty"`
	// Identifier of a VPC NAT gateway.
	// +optional
	NATGatewayID *string `json:"natGatewayId,omitempty"`
	// Reference to populate natGatewayId.
	// +optional
	NATGatewayIDRef *common.NamespacedReference `json:"natGatewayIdRef,omitempty"`
	// Selector to populate natGatewayId.
	// +optional
	NATGatewayIDSelector *common.NamespacedSelector `json:"natGatewayIdSelector,omitempty"`
	// The ID of the routing table.
	// +optional
	RouteTableID *string `json:"routeTableId,omitempty"`
	// Reference to populate routeTableId.
	// +optional
	RouteTableIDRef *common.NamespacedReference `json:"routeTableIdRef,omitempty"`
	// Selector to populate routeTableId.
	// +optional
	RouteTableIDSelector *common.NamespacedSelector `json:"routeTableIdSelector,omitempty"`
}

// RouteObservation is what the provider reports.
type RouteObservation struct {
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
	// The state of the route.
	State *string `json:"state,omitempty"`
}

// RouteSpec defines the desired state of Route.
type RouteSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                RouteParameters `json:"forProvider"`
}

// RouteStatus defines the observed state of Route.
type RouteStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   RouteObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Route is the Schema for the Routes API. Provides a resource to create a routing entry in a VPC routing table.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Route struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              RouteSpec   `json:"spec"`
	Status            RouteStatus `json:"status,omitempty"`
}
