package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// SubnetGroupParameters are the RDS DB subnet group settings DhakaCart sets.
type SubnetGroupParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// The description of the DB subnet group.
	// +optional
	Description *string `json:"description,omitempty"`
	// A list of VPC subnet IDs.
	// +listType=set
	// +optional
	SubnetIds []*string `json:"subnetIds,omitempty"`
	// Selector for a list of Subnet in ec2 to populate subnetIds.
	// +optional
	SubnetIDSelector *common.NamespacedSelector `json:"subnetIdSelector,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// SubnetGroupObservation is what the provider reports about the subnet group.
type SubnetGroupObservation struct {
	// The ARN of the DB subnet group.
	Arn *string `json:"arn,omitempty"`
	// The db subnet group name.
	ID *string `json:"id,omitempty"`
	// The VPC ID of the subnet group.
	VPCID *string `json:"vpcId,omitempty"`
}

// SubnetGroupSpec defines the desired state of SubnetGroup.
type SubnetGroupSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                SubnetGroupParameters `json:"forProvider"`
}

// SubnetGroupStatus defines the observed state of SubnetGroup.
type SubnetGroupStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   SubnetGroupObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// SubnetGroup is the Schema for the SubnetGroups API. Provides an RDS DB subnet group resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type SubnetGroup struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              SubnetGroupSpec   `json:"spec"`
	Status            SubnetGroupStatus `json:"status,omitempty"`
}
