package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// NodeGroupScalingConfig bounds the group's size.
type NodeGroupScalingConfig struct {
	// Desired number of worker nodes.
	// +kubebuilder:validation:Required
	DesiredSize *float64 `json:"desiredSize"`
	// Maximum number of worker nodes.
	// +kubebuilder:validation:Required
	MaxSize *float64 `json:"maxSize"`
	// Minimum number of worker nodes.
	// +kubebuilder:validation:Required
	MinSize *float64 `json:"minSize"`
}

// NodeGroupUpdateConfig limits how many nodes are replaced at once.
type NodeGroupUpdateConfig struct {
	// Desired max number of unavailable worker nodes during node group update.
	// +optional
	MaxUnavailable *float64 `json:"maxUnavailable,omitempty"`
	// Desired max percentage of unavailable worker nodes during node group update.
	// +optional
	MaxUnavailablePercentage *float64 `json:"maxUnavailablePercentage,omitempty"`
}

// NodeGroupParameters are the settings the compute-foundation composition sets.
type NodeGroupParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Name of the EKS Cluster.
	// +optional
	ClusterName *string `json:"clusterName,omitempty"`
	// Reference to a Cluster in eks to populate clusterName.
	// +optional
	ClusterNameRef *common.NamespacedReference `json:"clusterNameRef,omitempty"`
	// Selector for a Cluster in eks to populate clusterName.
	// +optional
	ClusterNameSelector *common.NamespacedSelector `json:"clusterNameSelector,omitempty"`
	// ARN of the IAM Role that provides permissions for the EKS Node Group.
	// +optional
	NodeRoleArn *string `json:"nodeRoleArn,omitempty"`
	// Reference to a Role in iam to populate nodeRoleArn.
	// +optional
	NodeRoleArnRef *common.NamespacedReference `json:"nodeRoleArnRef,omitempty"`
	// Selector for a Role in iam to populate nodeRoleArn.
	// +optional
	NodeRoleArnSelector *common.NamespacedSelector `json:"nodeRoleArnSelector,omitempty"`
	// Identifiers of EC2 Subnets to associate with the EKS Node Group.
	// +listType=set
	// +optional
	SubnetIds []*string `json:"subnetIds,omitempty"`
	// References to Subnet in ec2 to populate subnetIds.
	// +optional
	SubnetIDRefs []common.NamespacedReference `json:"subnetIdRefs,omitempty"`
	// Selector for a list of Subnet in ec2 to populate subnetIds.
	// +optional
	SubnetIDSelector *common.NamespacedSelector `json:"subnetIdSelector,omitempty"`
	// Configuration block with scaling settings.
	// +optional
	ScalingConfig []NodeGroupScalingConfig `json:"scalingConfig,omitempty"`
	// Configuration block with update settings.
	// +optional
	UpdateConfig []NodeGroupUpdateConfig `json:"updateConfig,omitempty"`
	// List of instance types associated with the EKS Node Group.
	// +optional
	InstanceTypes []*string `json:"instanceTypes,omitempty"`
	// Type of capacity associated with the EKS Node Group.
	// +kubebuilder:validation:Enum=ON_DEMAND;SPOT;CAPACITY_BLOCK
	// +optional
	CapacityType *string `json:"capacityType,omitempty"`
	// Type of Amazon Machine Image (AMI) associated with the EKS Node Group.
	// +optional
	AMIType *string `json:"amiType,omitempty"`
	// Disk size in GiB for worker nodes.
	// +optional
	DiskSize *float64 `json:"diskSize,omitempty"`
	// Key-value map of Kubernetes labels applied to the nodes.
	// +mapType=granular
	// +optional
	Labels map[string]*string `json:"labels,omitempty"`
	// Kubernetes version.
	// +optional
	Version *string `json:"version,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// NodeGroupObservation is what the provider reports.
type NodeGroupObservation struct {
	// ARN of the EKS Node Group.
	Arn *string `json:"arn,omitempty"`
	// EKS Cluster name and EKS Node Group name separated by a colon.
	ID *string `json:"id,omitempty"`
	// Status of the EKS Node Group.
	Status *string `json:"status,omitempty"`
}

// NodeGroupSpec defines the desired state of NodeGroup.
type NodeGroupSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                NodeGroupParameters `json:"forProvider"`
}

// NodeGroupStatus defines the observed state of NodeGroup.
type NodeGroupStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   NodeGroupObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// NodeGroup is the Schema for the NodeGroups API. Manages an EKS Node Group, which can provision and optionally update an Auto Scaling Group of Kubernetes worker nodes compatible with EKS.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type NodeGroup struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              NodeGroupSpec   `json:"spec"`
	Status            NodeGroupStatus `json:"status,omitempty"`
}
