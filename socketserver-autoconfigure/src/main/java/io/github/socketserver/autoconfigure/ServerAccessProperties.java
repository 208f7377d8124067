package io.github.socketserver.autoconfigure;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may connect to a server, under {@code socketserver.servers.<name>.access}: client
 * addresses for inet servers, peer credentials for unix stream servers. Empty lists let
 * everyone in.
 */
public class ServerAccessProperties {

	/**
	 * Client addresses or CIDR ranges (IPv4 or IPv6) allowed to connect, for inet
	 * servers; when set, all others are refused.
	 */
	private List<String> allow = new ArrayList<>();

	/**
	 * Client addresses or CIDR ranges (IPv4 or IPv6) refused, for inet servers; deny wins
	 * over allow.
	 */
	private List<String> deny = new ArrayList<>();

	/**
	 * User names whose processes may connect, for unix stream servers, checked with the
	 * kernel's peer credentials (SO_PEERCRED).
	 */
	private List<String> allowedUsers = new ArrayList<>();

	/**
	 * Group names whose processes may connect, for unix stream servers, checked with the
	 * kernel's peer credentials (SO_PEERCRED).
	 */
	private List<String> allowedGroups = new ArrayList<>();

	public List<String> getAllow() {
		return this.allow;
	}

	public void setAllow(List<String> allow) {
		this.allow = allow;
	}

	public List<String> getDeny() {
		return this.deny;
	}

	public void setDeny(List<String> deny) {
		this.deny = deny;
	}

	public List<String> getAllowedUsers() {
		return this.allowedUsers;
	}

	public void setAllowedUsers(List<String> allowedUsers) {
		this.allowedUsers = allowedUsers;
	}

	public List<String> getAllowedGroups() {
		return this.allowedGroups;
	}

	public void setAllowedGroups(List<String> allowedGroups) {
		this.allowedGroups = allowedGroups;
	}

}
