package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// SubnetGroupParameters are the settings DhakaCart sets.
type SubnetGroupParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Description for the cache subnet group.
	// +optional
	Description *string `json:"description,omitempty"`
	// List of VPC Subnet IDs for the cache subnet group.
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

// SubnetGroupObservation is what the provider reports.
type SubnetGroupObservation struct {
	// The ARN of the resource.
	Arn *string `json:"arn,omitempty"`
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
	// The Amazon Virtual Private Cloud identifier (VPC ID) of the cache subnet group.
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

// SubnetGroup is the Schema for the SubnetGroups API. Provides an ElastiCache Subnet Group resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type SubnetGroup struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   SubnetGroupSpec   `json:"spec"`
	Status SubnetGroupStatus `json:"status,omitempty"`
}
