package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// SecurityGroupIngressRuleParameters are the settings DhakaCart sets.
type SecurityGroupIngressRuleParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// The destination IPv4 CIDR range.
	// +optional
	CidrIpv4 *string `json:"cidrIpv4,omitempty"`
	// The description of the security group rule.
	// +optional
	Description *string `json:"description,omitempty"`
	// The start of port range for the TCP and UDP protocols, or an ICMP/ICMPv6 type.
	// +optional
	FromPort *float64 `json:"fromPort,omitempty"`
	// The IP protocol name or number. Use -1 to specify all protocols.
	// +optional
	IPProtocol *string `json:"ipProtocol,omitempty"`
	// The source security group that is referenced in the rule.
	// +optional
	ReferencedSecurityGroupID *string `json:"referencedSecurityGroupId,omitempty"`
	// Reference to a SecurityGroup in ec2 to populate referencedSecurityGroupId.
	// +optional
	ReferencedSecurityGroupIDRef *common.NamespacedReference `json:"referencedSecurityGroupIdRef,omitempty"`
	// The ID of the security group.
	// +optional
	SecurityGroupID *string `json:"securityGroupId,omitempty"`
	// Reference to a SecurityGroup in ec2 to populate securityGroupId.
	// +optional
	SecurityGroupIDRef *common.NamespacedReference `json:"securityGroupIdRef,omitempty"`
	// Selector for a SecurityGroup in ec2 to populate securityGroupId.
	// +optional
	SecurityGroupIDSelector *common.NamespacedSelector `json:"securityGroupIdSelector,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
	// The end of port range for the TCP and UDP protocols, or an ICMP/ICMPv6 code.
	// +optional
	ToPort *float64 `json:"toPort,omitempty"`
}

// SecurityGroupIngressRuleObservation is what the provider reports.
type SecurityGroupIngressRuleObservation struct {
	// The ARN of the resource.
	Arn *string `json:"arn,omitempty"`
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
	// The ID of the security group rule.
	SecurityGroupRuleID *string `json:"securityGroupRuleId,omitempty"`
}

// SecurityGroupIngressRuleSpec defines the desired state of SecurityGroupIngressRule.
type SecurityGroupIngressRuleSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                SecurityGroupIngressRuleParameters `json:"forProvider"`
}

// SecurityGroupIngressRuleStatus defines the observed state of SecurityGroupIngressRule.
type SecurityGroupIngressRuleStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   SecurityGroupIngressRuleObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// SecurityGroupIngressRule is the Schema for the SecurityGroupIngressRules API. Provides a VPC security group ingress rule resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type SecurityGroupIngressRule struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// +kubebuilder:validation:XValidation:rule="!('*' in self.managementPolicies || 'Create' in self.managementPolicies || 'Update' in self.managementPolicies) || has(self.forProvider.ipProtocol)",message="spec.forProvider.ipProtocol is a required parameter"
	Spec   SecurityGroupIngressRuleSpec   `json:"spec"`
	Status SecurityGroupIngressRuleStatus `json:"status,omitempty"`
}
