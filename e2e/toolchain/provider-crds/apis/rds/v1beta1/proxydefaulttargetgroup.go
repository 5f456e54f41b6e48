package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// ProxyDefaultTargetGroupConnectionPoolConfig is the connection pool of the default target group.
type ProxyDefaultTargetGroupConnectionPoolConfig struct {
	// The number of seconds for a proxy to wait for a connection to become available in the connection pool.
	// +optional
	ConnectionBorrowTimeout *float64 `json:"connectionBorrowTimeout,omitempty"`
	// One or more SQL statements for the proxy to run when opening each new database connection.
	// +optional
	InitQuery *string `json:"initQuery,omitempty"`
	// The maximum size of the connection pool for each target in a target group, a percentage of max_connections.
	// +optional
	MaxConnectionsPercent *float64 `json:"maxConnectionsPercent,omitempty"`
	// Controls how actively the proxy closes idle database connections in the connection pool, a percentage of max_connections.
	// +optional
	MaxIdleConnectionsPercent *float64 `json:"maxIdleConnectionsPercent,omitempty"`
	// Each item in the list represents a class of SQL operations that normally cause all later statements in a session using a proxy to be pinned to the same underlying database connection.
	// +listType=set
	// +optional
	SessionPinningFilters []*string `json:"sessionPinningFilters,omitempty"`
}

// ProxyDefaultTargetGroupParameters are the settings DhakaCart sets.
type ProxyDefaultTargetGroupParameters struct {
	// Region is the region you would like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// The settings that determine the size and behavior of the connection pool for the target group.
	// +optional
	ConnectionPoolConfig []ProxyDefaultTargetGroupConnectionPoolConfig `json:"connectionPoolConfig,omitempty"`
	// Name of the RDS DB Proxy.
	// +optional
	DBProxyName *string `json:"dbProxyName,omitempty"`
	// Reference to a Proxy in rds to populate dbProxyName.
	// +optional
	DBProxyNameRef *common.NamespacedReference `json:"dbProxyNameRef,omitempty"`
}

// ProxyDefaultTargetGroupObservation is what the provider reports.
type ProxyDefaultTargetGroupObservation struct {
	// The Amazon Resource Name (ARN) representing the target group.
	Arn *string `json:"arn,omitempty"`
	// Name of the RDS DB Proxy.
	ID *string `json:"id,omitempty"`
	// The name of the default target group.
	Name *string `json:"name,omitempty"`
}

// ProxyDefaultTargetGroupSpec defines the desired state of ProxyDefaultTargetGroup.
type ProxyDefaultTargetGroupSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                ProxyDefaultTargetGroupParameters `json:"forProvider"`
}

// ProxyDefaultTargetGroupStatus defines the observed state of ProxyDefaultTargetGroup.
type ProxyDefaultTargetGroupStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   ProxyDefaultTargetGroupObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// ProxyDefaultTargetGroup is the Schema for the ProxyDefaultTargetGroups API. Manages an RDS DB proxy default target group resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type ProxyDefaultTargetGroup struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ProxyDefaultTargetGroupSpec   `json:"spec"`
	Status            ProxyDefaultTargetGroupStatus `json:"status,omitempty"`
}
