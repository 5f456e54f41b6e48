package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// ProxyAuthParameters is one authentication method of the proxy.
type ProxyAuthParameters struct {
	// The type of authentication that the proxy uses for connections from the proxy to the underlying database: SECRETS.
	// +optional
	AuthScheme *string `json:"authScheme,omitempty"`
	// The type of authentication the proxy uses for connections from clients: POSTGRES_SCRAM_SHA_256, POSTGRES_MD5, MYSQL_NATIVE_PASSWORD, SQL_SERVER_AUTHENTICATION.
	// +optional
	ClientPasswordAuthType *string `json:"clientPasswordAuthType,omitempty"`
	// A user-specified description about the authentication used by a proxy to log in as a specific database user.
	// +optional
	Description *string `json:"description,omitempty"`
	// Whether to require or disallow AWS IAM authentication for connections to the proxy: DISABLED, REQUIRED.
	// +optional
	IAMAuth *string `json:"iamAuth,omitempty"`
	// The ARN of the Secrets Manager secret with the credentials the proxy logs in to the database with.
	// +optional
	SecretArn *string `json:"secretArn,omitempty"`
	// The name of the database user to which the proxy connects.
	// +optional
	Username *string `json:"username,omitempty"`
}

// ProxyParameters are the RDS DB proxy settings DhakaCart sets.
type ProxyParameters struct {
	// Region is the region you would like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Configuration blocks with authorization mechanisms to connect to the associated instances or clusters.
	// +optional
	Auth []ProxyAuthParameters `json:"auth,omitempty"`
	// Whether the proxy includes detailed information about SQL statements in its logs.
	// +optional
	DebugLogging *bool `json:"debugLogging,omitempty"`
	// The kinds of databases that the proxy can connect to: MYSQL, POSTGRESQL, SQLSERVER.
	// +optional
	EngineFamily *string `json:"engineFamily,omitempty"`
	// The number of seconds that a connection to the proxy can be inactive before the proxy disconnects it.
	// +optional
	IdleClientTimeout *float64 `json:"idleClientTimeout,omitempty"`
	// A Boolean parameter that specifies whether Transport Layer Security (TLS) encryption is required for connections to the proxy.
	// +optional
	RequireTLS *bool `json:"requireTls,omitempty"`
	// The Amazon Resource Name (ARN) of the IAM role that the proxy uses to access secrets in AWS Secrets Manager.
	// +optional
	RoleArn *string `json:"roleArn,omitempty"`
	// Reference to a Role in iam to populate roleArn.
	// +optional
	RoleArnRef *common.NamespacedReference `json:"roleArnRef,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
	// One or more VPC security group IDs to associate with the new proxy.
	// +listType=set
	// +optional
	VPCSecurityGroupIds []*string `json:"vpcSecurityGroupIds,omitempty"`
	// References to SecurityGroup in ec2 to populate vpcSecurityGroupIds.
	// +optional
	VPCSecurityGroupIDRefs []common.NamespacedReference `json:"vpcSecurityGroupIdRefs,omitempty"`
	// One or more VPC subnet IDs to associate with the new proxy.
	// +listType=set
	// +optional
	VPCSubnetIds []*string `json:"vpcSubnetIds,omitempty"`
}

// ProxyObservation is what the provider reports about the proxy.
type ProxyObservation struct {
	// The Amazon Resource Name (ARN) for the proxy.
	Arn *string `json:"arn,omitempty"`
	// The endpoint that you can use to connect to the proxy.
	Endpoint *string `json:"endpoint,omitempty"`
	// The name of the proxy.
	ID *string `json:"id,omitempty"`
	// Whether Transport Layer Security (TLS) encryption is required for connections to the proxy.
	RequireTLS *bool `json:"requireTls,omitempty"`
}

// ProxySpec defines the desired state of Proxy.
type ProxySpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                ProxyParameters `json:"forProvider"`
}

// ProxyStatus defines the observed state of Proxy.
type ProxyStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   ProxyObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Proxy is the Schema for the Proxys API. Provides an RDS DB proxy resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Proxy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ProxySpec   `json:"spec"`
	Status            ProxyStatus `json:"status,omitempty"`
}
