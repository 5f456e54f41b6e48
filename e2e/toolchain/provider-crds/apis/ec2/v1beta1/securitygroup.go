package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// SecurityGroupParameters are the settings DhakaCart sets.
type SecurityGroupParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Security group description.
	// +optional
	Description *string `json:"description,omitempty"`
	// Name of the security group.
	// +optional
	Name *string `json:"name,omitempty"`
	// Instruct the provider to revoke all of the Security Groups attached ingress and egress rules before deleting the rule itself.
	// +optional
	RevokeRulesOnDelete *bool `json:"revokeRulesOnDelete,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
	// VPC ID. Defaults to the region's default VPC.
	// +optional
	VPCID *string `json:"vpcId,omitempty"`
	// Selector for a VPC in ec2 to populate vpcId.
	// +optional
	VPCIDSelector *common.NamespacedSelector `json:"vpcIdSelector,omitempty"`
}

// SecurityGroupObservation is what the provider reports.
type SecurityGroupObservation struct {
	// The ARN of the resource.
	Arn *string `json:"arn,omitempty"`
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
	// VPC ID.
	VPCID *string `json:"vpcId,omitempty"`
}

// SecurityGroupSpec defines the desired state of SecurityGroup.
type SecurityGroupSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                SecurityGroupParameters `json:"forProvider"`
}

// SecurityGroupStatus defines the observed state of SecurityGroup.
type SecurityGroupStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   SecurityGroupObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// SecurityGroup is the Schema for the SecurityGroups API. Provides a security group resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type SecurityGroup struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   SecurityGroupSpec   `json:"spec"`
	Status SecurityGroupStatus `json:"status,omitempty"`
}
