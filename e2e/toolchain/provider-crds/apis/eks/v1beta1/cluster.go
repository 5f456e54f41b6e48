package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// ClusterVPCConfig is the cluster's network placement.
type ClusterVPCConfig struct {
	// Whether the Amazon EKS private API server endpoint is enabled.
	// +optional
	EndpointPrivateAccess *bool `json:"endpointPrivateAccess,omitempty"`
	// Whether the Amazon EKS public API server endpoint is enabled.
	// +optional
	EndpointPublicAccess *bool `json:"endpointPublicAccess,omitempty"`
	// List of CIDR blocks allowed to reach the public API server endpoint.
	// +optional
	PublicAccessCidrs []*string `json:"publicAccessCidrs,omitempty"`
	// List of subnet IDs; the cross-account elastic network interfaces are placed in them.
	// +optional
	SubnetIds []*string `json:"subnetIds,omitempty"`
	// References to Subnet in ec2 to populate subnetIds.
	// +optional
	SubnetIDRefs []common.NamespacedReference `json:"subnetIdRefs,omitempty"`
	// Selector for a list of Subnet in ec2 to populate subnetIds.
	// +optional
	SubnetIDSelector *common.NamespacedSelector `json:"subnetIdSelector,omitempty"`
}

// ClusterAccessConfig chooses how principals authenticate to the cluster.
type ClusterAccessConfig struct {
	// The authentication mode for the cluster.
	// +kubebuilder:validation:Enum=CONFIG_MAP;API;API_AND_CONFIG_MAP
	// +optional
	AuthenticationMode *string `json:"authenticationMode,omitempty"`
	// Whether the cluster creator IAM principal is made a cluster administrator.
	// +optional
	BootstrapClusterCreatorAdminPermissions *bool `json:"bootstrapClusterCreatorAdminPermissions,omitempty"`
}

// ClusterParameters are the settings the compute-foundation composition sets.
type ClusterParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Desired Kubernetes master version.
	// +optional
	Version *string `json:"version,omitempty"`
	// ARN of the IAM role that provides permissions for the Kubernetes control plane.
	// +optional
	RoleArn *string `json:"roleArn,omitempty"`
	// Reference to a Role in iam to populate roleArn.
	// +optional
	RoleArnRef *common.NamespacedReference `json:"roleArnRef,omitempty"`
	// Selector for a Role in iam to populate roleArn.
	// +optional
	RoleArnSelector *common.NamespacedSelector `json:"roleArnSelector,omitempty"`
	// Configuration block for the VPC associated with the cluster.
	// +optional
	VPCConfig []ClusterVPCConfig `json:"vpcConfig,omitempty"`
	// Configuration block for the access config of the cluster.
	// +optional
	AccessConfig []ClusterAccessConfig `json:"accessConfig,omitempty"`
	// The control plane log types to enable.
	// +listType=set
	// +optional
	EnabledClusterLogTypes []*string `json:"enabledClusterLogTypes,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// ClusterObservation is what the provider reports.
type ClusterObservation struct {
	// ARN of the cluster.
	Arn *string `json:"arn,omitempty"`
	// Endpoint for your Kubernetes API server.
	Endpoint *string `json:"endpoint,omitempty"`
	// Name of the cluster.
	ID *string `json:"id,omitempty"`
	// Platform version for the cluster.
	PlatformVersion *string `json:"platformVersion,omitempty"`
	// Status of the EKS cluster. One of CREATING, ACTIVE, DELETING, FAILED.
	Status *string `json:"status,omitempty"`
}

// ClusterSpec defines the desired state of Cluster.
type ClusterSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                ClusterParameters `json:"forProvider"`
}

// ClusterStatus defines the observed state of Cluster.
type ClusterStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   ClusterObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Cluster is the Schema for the Clusters API. Manages an EKS Cluster.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Cluster struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ClusterSpec   `json:"spec"`
	Status            ClusterStatus `json:"status,omitempty"`
}
