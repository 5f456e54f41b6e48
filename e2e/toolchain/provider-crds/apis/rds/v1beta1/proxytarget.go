package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// ProxyTargetParameters are the settings DhakaCart sets.
type ProxyTargetParameters struct {
	// Region is the region you would like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// DB instance identifier.
	// +optional
	DBInstanceIdentifier *string `json:"dbInstanceIdentifier,omitempty"`
	// Reference to an Instance in rds to populate dbInstanceIdentifier.
	// +optional
	DBInstanceIdentifierRef *common.NamespacedReference `json:"dbInstanceIdentifierRef,omitempty"`
	// The name of the DB proxy.
	// +optional
	DBProxyName *string `json:"dbProxyName,omitempty"`
	// Reference to a Proxy in rds to populate dbProxyName.
	// +optional
	DBProxyNameRef *common.NamespacedReference `json:"dbProxyNameRef,omitempty"`
	// The name of the target group.
	// +kubebuilder:validation:Required
	TargetGroupName *string `json:"targetGroupName"`
}

// ProxyTargetObservation is what the provider reports.
type ProxyTargetObservation struct {
	// Hostname for the target RDS DB Instance.
	Endpoint *string `json:"endpoint,omitempty"`
	// Identifier of db_proxy_name, target_group_name, target type and resource identifier separated by forward slashes.
	ID *string `json:"id,omitempty"`
	// Port for the target RDS DB Instance.
	Port *float64 `json:"port,omitempty"`
}

// ProxyTargetSpec defines the desired state of ProxyTarget.
type ProxyTargetSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                ProxyTargetParameters `json:"forProvider"`
}

// ProxyTargetStatus defines the observed state of ProxyTarget.
type ProxyTargetStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   ProxyTargetObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// ProxyTarget is the Schema for the ProxyTargets API. Provides an RDS DB proxy target resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type ProxyTarget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ProxyTargetSpec   `json:"spec"`
	Status            ProxyTargetStatus `json:"status,omitempty"`
}
