package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// RouteTableAssociationParameters are the settings the network-foundation composition sets.
type RouteTableAssociationParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// The gateway ID to create an association.
	// +optional
	GatewayID *string `json:"gatewayId,omitempty"`
	// Reference to populate gatewayId.
	// +optional
	GatewayIDRef *common.NamespacedReference `json:"gatewayIdRef,omitempty"`
	// Selector to populate gatewayId.
	// +optional
	GatewayIDSelector *common.NamespacedSelector `json:"gatewayIdSelector,omitempty"`
	// The ID of the routing table to associate with.
	// +optional
	RouteTableID *string `json:"routeTableId,omitempty"`
	// Reference to populate routeTableId.
	// +optional
	RouteTableIDRef *common.NamespacedReference `json:"routeTableIdRef,omitempty"`
	// Selector to populate routeTableId.
	// +optional
	RouteTableIDSelector *common.NamespacedSelector `json:"routeTableIdSelector,omitempty"`
	// The subnet ID to create an association.
	// +optional
	SubnetID *string `json:"subnetId,omitempty"`
	// Reference to populate subnetId.
	// +optional
	SubnetIDRef *common.NamespacedReference `json:"subnetIdRef,omitempty"`
	// Selector to populate subnetId.
	// +optional
	SubnetIDSelector *common.NamespacedSelector `json:"subnetIdSelector,omitempty"`
}

// RouteTableAssociationObservation is what the provider reports.
type RouteTableAssociationObservation struct {
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
}

// RouteTableAssociationSpec defines the desired state of RouteTableAssociation.
type RouteTableAssociationSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                RouteTableAssociationParameters `json:"forProvider"`
}

// RouteTableAssociationStatus defines the observed state of RouteTableAssociation.
type RouteTableAssociationStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   RouteTableAssociationObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// RouteTableAssociation is the Schema for the RouteTableAssociations API. Provides a resource to create an association between a route table and a subnet or a route table and an internet gateway or virtual private gateway.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type RouteTableAssociation struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              RouteTableAssociationSpec   `json:"spec"`
	Status            RouteTableAssociationStatus `json:"status,omitempty"`
}
